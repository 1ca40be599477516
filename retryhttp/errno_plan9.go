package retryhttp

// brokenConnection is empty on Plan 9, whose system errors are strings
// with no values to compare against. Broken connections there are still
// retried when they surface as an unexpected end of file.
var brokenConnection []error
