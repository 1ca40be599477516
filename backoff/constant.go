package backoff

import (
	"fmt"
	"time"
)

// Constant waits the same duration before every retry.
// A negative Constant waits zero.
type Constant time.Duration

// Delay returns c. It ignores retry and prev.
func (c Constant) Delay(retry int, prev time.Duration) time.Duration {
	return nonNegative(time.Duration(c))
}

// Validate reports an error if c is negative.
func (c Constant) Validate() error {
	if c < 0 {
		return fmt.Errorf("Constant is %v; set a wait of zero or more", time.Duration(c))
	}
	return nil
}
