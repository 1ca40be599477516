// Package retryhttp retries HTTP requests with package retry: it tells
// transient failures from lasting ones, reads a server's Retry-After, and
// offers an [http.RoundTripper] that retries on its own.
//
// # Retrying a whole exchange
//
// [Transient] is a predicate for retry.Policy.On. With [CheckResponse], a
// loop retries both the errors of a round trip and the answers of a busy
// or failing server, and waits as long as the server's Retry-After asks:
//
//	policy := retry.Policy{On: retryhttp.Transient}
//	body, err := retry.DoValue(ctx, policy, func(ctx context.Context) ([]byte, error) {
//		req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint, nil)
//		if err != nil {
//			return nil, err
//		}
//		resp, err := http.DefaultClient.Do(req)
//		if err != nil {
//			return nil, err
//		}
//		defer resp.Body.Close()
//		if err := retryhttp.CheckResponse(resp); err != nil {
//			return nil, err
//		}
//		return io.ReadAll(resp.Body)
//	})
//
// Reading the body inside the loop retries a connection that breaks
// midway too.
//
// # Retrying in the client
//
// A [Transport] retries below an [http.Client], so code that already uses
// a client needs no change but its construction:
//
//	client := &http.Client{Transport: &retryhttp.Transport{}}
//
// It retries only requests that are safe to send again, and returns the
// last response when retrying does not help; see [Transport] for the
// rules.
package retryhttp
