package promhook

import (
	"errors"
	"fmt"
	"reflect"
)

// The types of the errors fmt.Errorf makes with %w, which say nothing of
// their own about what went wrong.
var (
	wrapError  = reflect.TypeOf(fmt.Errorf("%w", errors.New("")))
	wrapErrors = reflect.TypeOf(fmt.Errorf("%w%w", errors.New(""), errors.New("")))
)

// ErrorType returns the type of err as the %T verb of package fmt prints
// it, such as "*net.OpError" or "*errors.errorString", looking through
// the wrappers that fmt.Errorf makes with %w: the type of
// fmt.Errorf("dial: %w", err) is that of err, and with several %w verbs,
// that of the first. A wrapper of nothing, as fmt.Errorf("%w", nil)
// makes, keeps its own type. ErrorType returns "<nil>" for a nil error.
//
// The values of ErrorType are bounded by the error types of the program,
// which makes it fit for a label. It allocates nothing.
func ErrorType(err error) string {
	for err != nil {
		switch t := reflect.TypeOf(err); t {
		case wrapError:
			next := errors.Unwrap(err)
			if next == nil {
				return t.String() // fmt.Errorf("%w", nil)
			}
			err = next
		case wrapErrors:
			errs := err.(interface{ Unwrap() []error }).Unwrap()
			if len(errs) == 0 {
				return t.String() // fmt.Errorf("%w %w", nil, nil)
			}
			err = errs[0]
		default:
			return t.String()
		}
	}
	return "<nil>"
}
