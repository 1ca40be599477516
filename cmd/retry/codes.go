package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// codes is a set of exit statuses, from 1 to 255, for the -on flag.
// The zero value holds every non-zero status. Set adds to the set, so
// -on 1 -on 75 means -on 1,75.
type codes struct {
	some bool      // false: every non-zero status
	set  [4]uint64 // with some: bit n is status n
}

// maxStatus is the largest exit status a process can report.
const maxStatus = 255

// match reports whether status is in c. Zero, success, never is.
func (c *codes) match(status int) bool {
	if status <= 0 || status > maxStatus {
		return false
	}
	return !c.some || c.set[status/64]&(1<<(status%64)) != 0
}

// Set adds the statuses of a comma-separated list of statuses and ranges
// (such as "1,75" or "1-125") to c, or makes c hold every non-zero
// status if s is "any".
func (c *codes) Set(s string) error {
	if s == "any" {
		*c = codes{}
		return nil
	}
	if s == "" {
		return errors.New("empty list; list exit statuses, such as 1,75, or say any")
	}
	var add codes
	for item := range strings.SplitSeq(s, ",") {
		lo, hi, err := parseRange(strings.TrimSpace(item))
		if err != nil {
			return err
		}
		for n := lo; n <= hi; n++ {
			add.set[n/64] |= 1 << (n % 64)
		}
	}
	if !c.some {
		*c = codes{some: true}
	}
	for i := range c.set {
		c.set[i] |= add.set[i]
	}
	return nil
}

// parseRange parses "n" or "lo-hi".
func parseRange(item string) (lo, hi int, err error) {
	a, b, isRange := strings.Cut(item, "-")
	if lo, err = parseStatus(a, item); err != nil {
		return 0, 0, err
	}
	if !isRange {
		return lo, lo, nil
	}
	if hi, err = parseStatus(b, item); err != nil {
		return 0, 0, err
	}
	if hi < lo {
		return 0, 0, fmt.Errorf("%q is an empty range; write the lower status first", item)
	}
	return lo, hi, nil
}

func parseStatus(s, item string) (int, error) {
	n, err := strconv.Atoi(s)
	switch {
	case err != nil:
		return 0, fmt.Errorf("%q is not an exit status or a range; use forms such as 75 or 1-125", item)
	case n == 0:
		return 0, fmt.Errorf("%q includes 0, success, which is never retried; list statuses from 1 to %d", item, maxStatus)
	case n < 0 || n > maxStatus:
		return 0, fmt.Errorf("%q is out of range; list statuses from 1 to %d", item, maxStatus)
	}
	return n, nil
}

// String returns c as Set reads it: "any", or a list such as "1-3,75".
func (c *codes) String() string {
	if c == nil || !c.some {
		return "any"
	}
	var b strings.Builder
	for n := 1; n <= maxStatus; {
		if !c.match(n) {
			n++
			continue
		}
		hi := n
		for hi < maxStatus && c.match(hi+1) {
			hi++
		}
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(n))
		if hi > n {
			b.WriteString("-" + strconv.Itoa(hi))
		}
		n = hi + 1
	}
	return b.String()
}
