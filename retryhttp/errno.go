//go:build !windows && !plan9

package retryhttp

import "syscall"

// brokenConnection lists the system errors of a connection that was
// refused, reset or broken by the other side: a server restarting, or a
// proxy dropping an idle connection.
var brokenConnection = []error{
	syscall.ECONNREFUSED,
	syscall.ECONNRESET,
	syscall.ECONNABORTED,
	syscall.EPIPE,
}
