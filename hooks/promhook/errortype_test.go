package promhook_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"testing"

	"github.com/stamina-go/retry/hooks/promhook"
)

type valueError struct{}

func (valueError) Error() string { return "value" }

func TestErrorType(t *testing.T) {
	pathErr := &fs.PathError{Op: "open", Path: "x", Err: errors.New("denied")}
	var nilErr error
	tests := []struct {
		err    error
		want   string
		reason string
	}{
		{nil, "<nil>", ""},
		{errors.New("x"), "*errors.errorString", ""},
		{fmt.Errorf("no verb"), "*errors.errorString", "fmt.Errorf without %w is errors.New"},
		{pathErr, "*fs.PathError", ""},
		{valueError{}, "promhook_test.valueError", ""},
		{fmt.Errorf("a: %w", pathErr), "*fs.PathError", "fmt's wrapper says nothing"},
		{fmt.Errorf("a: %w", fmt.Errorf("b: %w", valueError{})), "promhook_test.valueError", "nor do two"},
		{fmt.Errorf("a: %w, %w", valueError{}, pathErr), "promhook_test.valueError", "the first of several"},
		{fmt.Errorf("%w", fmt.Errorf("%w %w", pathErr, valueError{})), "*fs.PathError", ""},
		{errors.Join(pathErr, valueError{}), "*errors.joinError", "only fmt's wrappers are looked through"},
		{fmt.Errorf("a: %w", nilErr), "*fmt.wrapError", "a wrapper of nothing is what it is"},
		{fmt.Errorf("a: %w %w", nilErr, nilErr), "*fmt.wrapErrors", ""},
		{context.DeadlineExceeded, "context.deadlineExceededError", ""},
	}
	for _, tt := range tests {
		if got := promhook.ErrorType(tt.err); got != tt.want {
			t.Errorf("ErrorType(%#v) = %q; want %q %s", tt.err, got, tt.want, tt.reason)
		}
	}
}

func TestErrorTypeAllocs(t *testing.T) {
	err := fmt.Errorf("a: %w", fmt.Errorf("b: %w, %w", &fs.PathError{}, valueError{}))
	if n := testing.AllocsPerRun(100, func() { promhook.ErrorType(err) }); n != 0 {
		t.Errorf("ErrorType made %v allocations; want 0", n)
	}
}
