package retryhttp

import (
	"context"
	"io"
	"net/http"
)

// drainLimit is the most of a discarded response's body that the
// transport reads so that its connection can be reused. Reading a short
// error page costs less than a new connection; reading a long body would
// not, and it is closed unread.
const drainLimit = 64 << 10

// discard reads what is left of resp's body, up to drainLimit, and closes
// it.
func discard(resp *http.Response) {
	if resp.ContentLength <= drainLimit { // -1, unknown, included
		// One byte past the limit, to see the end of a body of exactly
		// drainLimit bytes: only then is the connection released.
		io.CopyN(io.Discard, resp.Body, drainLimit+1)
	}
	resp.Body.Close()
}

// cancelOnClose returns body, calling cancel once it has been read to its
// end or closed. Like body, the result is an io.Writer if body is one, as
// the body of a response that switches protocols is.
func cancelOnClose(body io.ReadCloser, cancel context.CancelFunc) io.ReadCloser {
	b := &cancelBody{rc: body, cancel: cancel}
	if w, ok := body.(io.Writer); ok {
		return &cancelReadWriteBody{cancelBody: b, w: w}
	}
	return b
}

type cancelBody struct {
	rc     io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelBody) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	if err == io.EOF {
		b.cancel()
	}
	return n, err
}

func (b *cancelBody) Close() error {
	err := b.rc.Close()
	b.cancel()
	return err
}

type cancelReadWriteBody struct {
	*cancelBody
	w io.Writer
}

func (b *cancelReadWriteBody) Write(p []byte) (int, error) { return b.w.Write(p) }
