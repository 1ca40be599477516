// Package promhook counts retries in Prometheus metrics.
//
// [New] registers two counters and returns a [retry.Hook] that keeps them:
//
//	retry_retries_total{name, retry, error}  retries scheduled
//	retry_giveups_total{name, reason}        loops that ended on a failure
//
// Install it beside the default hook, so that retries are both logged and
// counted:
//
//	h, err := promhook.New(promhook.Options{})
//	if err != nil {
//		return err
//	}
//	retry.SetHooks(append(retry.DefaultHooks(), h)...)
//
// or in the Hooks of the policies whose retries it should count.
//
// # Labels
//
// The labels of retry_retries_total are:
//
//   - name: the policy's Name, empty if it has none;
//   - retry: the retry number, 1 after the first failure, up to a cap
//     (see [Options.RetryLabels]) above which retries share one value,
//     "10+" by default;
//   - error: the type of the error that caused the retry, as [ErrorType]
//     reports it, or as [Options.ErrorLabel] says.
//
// Those of retry_giveups_total are name, as above, and reason, which says
// why the loop gave up: "not_retryable", "exhausted", "timeout" or
// "canceled" (see [retry.Reason]), or "other" for a reason this package
// does not know. Every loop that ends on a failed
// attempt counts, even one whose first error was not retryable.
//
// Each label takes a bounded number of values, even in loops with
// unlimited attempts: names are fixed in the program's policies, retry
// numbers are capped, and error types are those the program defines.
// A custom ErrorLabel must keep to a fixed set of values too; an error's
// message, say, would make a new series for every distinct message.
package promhook
