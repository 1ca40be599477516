package retryhttp

import "syscall"

// brokenConnection lists the system errors of a connection that was
// refused, reset or broken by the other side: a server restarting, or a
// proxy dropping an idle connection. Windows sockets report Winsock codes
// rather than the Errno values package syscall invents for them.
var brokenConnection = []error{
	syscall.Errno(10061), // WSAECONNREFUSED
	syscall.WSAECONNRESET,
	syscall.WSAECONNABORTED,
	syscall.ERROR_BROKEN_PIPE,
	syscall.ECONNREFUSED,
	syscall.ECONNRESET,
	syscall.ECONNABORTED,
	syscall.EPIPE,
}
