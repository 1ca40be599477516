// Package retry retries code with exponential backoff and jitter.
package retry
