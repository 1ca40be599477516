// Command ratio reads the output of the benchmarks of package bench and
// compares package retry with the fastest of the other libraries.
//
// For each benchmark that has other libraries in it, it prints, for
// package retry's iterator (retry) and its Do (retry-do), the median
// time and allocations per call, those of the fastest other library
// ("plain", the floor, is no library), and how many times faster package
// retry is: the peer's median time divided by its own. Where the project
// has set itself a goal for the benchmark, the last column says whether
// the run meets it.
//
// Usage:
//
//	go run ./cmd/ratio bench.txt
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
)

// ours names package retry's entries, and floor the baseline that is no
// library.
var (
	ours  = []string{"retry", "retry-do"}
	floor = "plain"
)

// A goal is what package retry aims for in one benchmark: at most
// maxAllocs allocations per call, and a time at least minRatio times
// shorter than the fastest other library's.
type goal struct {
	maxAllocs float64
	minRatio  float64
}

var goals = map[string]goal{
	"FirstTry": {maxAllocs: 0, minRatio: 1.3},
	"ThirdTry": {maxAllocs: 2, minRatio: 1.3},
}

// stats holds one library's samples in one benchmark.
type stats struct {
	ns, allocs []float64
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: ratio bench.txt")
		os.Exit(2)
	}
	f, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "ratio:", err)
		os.Exit(1)
	}
	defer f.Close()

	benches, order, err := parse(f)
	if err != nil {
		fmt.Fprintln(os.Stderr, "ratio:", err)
		os.Exit(1)
	}
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "benchmark\tours\tns/op\tallocs/op\tfastest peer\tns/op\tallocs/op\tours faster by\tgoal")
	for _, name := range order {
		libs := benches[name]
		peer, ok := fastestPeer(libs)
		if !ok {
			continue
		}
		for _, lib := range ours {
			s, ok := libs[lib]
			if !ok {
				continue
			}
			ns, allocs := median(s.ns), median(s.allocs)
			pns, pallocs := median(libs[peer].ns), median(libs[peer].allocs)
			ratio := pns / ns
			fmt.Fprintf(w, "%s\t%s\t%.4g\t%g\t%s\t%.4g\t%g\t%.2fx\t%s\n",
				name, lib, ns, allocs, peer, pns, pallocs, ratio, verdict(name, allocs, ratio))
		}
	}
	w.Flush()
}

// parse reads benchmark lines named Benchmark<Name>/lib=<lib>[-procs], and
// returns their samples by name and lib, and the names in the order met.
func parse(r io.Reader) (map[string]map[string]*stats, []string, error) {
	benches := map[string]map[string]*stats{}
	var order []string
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 4 || !strings.HasPrefix(fields[0], "Benchmark") {
			continue
		}
		name, lib, ok := split(fields[0])
		if !ok {
			continue
		}
		var ns, allocs float64
		var haveNs, haveAllocs bool
		for i := 2; i+1 < len(fields); i += 2 {
			v, err := strconv.ParseFloat(fields[i], 64)
			if err != nil {
				return nil, nil, fmt.Errorf("%q: %v", sc.Text(), err)
			}
			switch fields[i+1] {
			case "ns/op":
				ns, haveNs = v, true
			case "allocs/op":
				allocs, haveAllocs = v, true
			}
		}
		if !haveNs || !haveAllocs {
			return nil, nil, fmt.Errorf("%q: no ns/op or allocs/op; run the benchmarks with -benchmem", sc.Text())
		}
		if benches[name] == nil {
			benches[name] = map[string]*stats{}
			order = append(order, name)
		}
		s := benches[name][lib]
		if s == nil {
			s = &stats{}
			benches[name][lib] = s
		}
		s.ns = append(s.ns, ns)
		s.allocs = append(s.allocs, allocs)
	}
	return benches, order, sc.Err()
}

// split splits a benchmark's full name into its name, without the
// Benchmark prefix and the lib key, and the value of its lib key.
func split(full string) (name, lib string, ok bool) {
	full = strings.TrimPrefix(full, "Benchmark")
	if i := strings.LastIndexByte(full, '-'); i > 0 {
		if _, err := strconv.Atoi(full[i+1:]); err == nil {
			full = full[:i]
		}
	}
	var parts []string
	for _, p := range strings.Split(full, "/") {
		if v, found := strings.CutPrefix(p, "lib="); found {
			lib, ok = v, true
			continue
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, "/"), lib, ok
}

// fastestPeer returns the library, other than ours and the floor, with
// the shortest median time.
func fastestPeer(libs map[string]*stats) (string, bool) {
	best, found := "", false
	for lib, s := range libs {
		if lib == floor || slices.Contains(ours, lib) {
			continue
		}
		if !found || median(s.ns) < median(libs[best].ns) ||
			median(s.ns) == median(libs[best].ns) && lib < best {
			best, found = lib, true
		}
	}
	return best, found
}

// verdict says whether allocs and ratio meet the goal of the benchmark
// name, if it has one.
func verdict(name string, allocs, ratio float64) string {
	g, ok := goals[name]
	if !ok {
		return ""
	}
	var miss []string
	if allocs > g.maxAllocs {
		miss = append(miss, fmt.Sprintf("allocs > %g", g.maxAllocs))
	}
	if ratio < g.minRatio {
		miss = append(miss, fmt.Sprintf("faster by < %gx", g.minRatio))
	}
	if len(miss) == 0 {
		return "met"
	}
	return "NOT MET: " + strings.Join(miss, ", ")
}

// median returns the median of xs, which is not empty.
func median(xs []float64) float64 {
	s := slices.Sorted(slices.Values(xs))
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
