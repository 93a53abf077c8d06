package cas

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"sync/atomic"
	"time"
)

// httpDoer is the HTTP client darabonba-openapi sends through. One per
// Client: connections are kept alive and shared by every call (the SDK's own
// path builds a new transport per request).
type httpDoer struct {
	client *http.Client
	logger Logger
}

func newHTTPDoer(connect, read time.Duration, logger Logger) *httpDoer {
	transport := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: connect, KeepAlive: 30 * time.Second}).DialContext,
		TLSClientConfig:       &tls.Config{MinVersion: tls.VersionTLS12},
		TLSHandshakeTimeout:   connect,
		ResponseHeaderTimeout: read,
		// HTTP/1.1, as both official SDKs speak: with a DialContext and a
		// TLSClientConfig of its own, the transport offers no HTTP/2.
		ForceAttemptHTTP2:   false,
		MaxIdleConns:        100,
		MaxIdleConnsPerHost: 100,
		IdleConnTimeout:     90 * time.Second,
	}
	return &httpDoer{client: &http.Client{Transport: transport}, logger: logger}
}

// maxErrorBody bounds how much of an error answer is read.
const maxErrorBody = 1 << 20

// Call implements dara.HttpClient; the SDK's per-request transport is ignored.
func (d *httpDoer) Call(req *http.Request, _ *http.Transport) (*http.Response, error) {
	ex, _ := req.Context().Value(exchangeKey{}).(*exchange)
	if ex != nil {
		req = req.WithContext(httptrace.WithClientTrace(req.Context(), ex.trace()))
	}
	start := time.Now()
	resp, err := d.client.Do(req) //nolint:gosec // the URL is the endpoint the user configured: calling it is the job
	d.log(req.Context(), ex, req, resp, err, time.Since(start))
	if err != nil {
		return resp, err
	}
	if resp.StatusCode < 400 {
		if ex != nil {
			ex.take(resp)
		}
		return resp, nil
	}
	// The SDK can only read JSON (or XML) error bodies; a proxy's HTML page
	// would surface as a bare JSON syntax error with no status. Catch it here.
	body, readErr := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	_ = resp.Body.Close()
	requestID := resp.Header.Get("x-acs-request-id")
	if readErr != nil {
		return nil, &ResponseError{StatusCode: resp.StatusCode, RequestID: requestID, Reason: "reading the error body: " + readErr.Error()}
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(body, &obj) != nil {
		reason := "the error body is not JSON: " + clip(bytes.TrimSpace(body))
		if len(bytes.TrimSpace(body)) == 0 {
			reason = "the error answer has an empty body"
		}
		return nil, &ResponseError{StatusCode: resp.StatusCode, RequestID: requestID, Reason: reason}
	}
	if _, ok := obj["RequestId"]; !ok && requestID != "" && obj["requestId"] == nil {
		// Keep the header's RequestId where the SDK looks for it.
		if obj == nil {
			obj = map[string]json.RawMessage{}
		}
		obj["RequestId"], _ = json.Marshal(requestID)
		body, _ = json.Marshal(obj)
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.Header.Set("Content-Type", "application/json")
	return resp, nil
}

// exchange is what one attempt learns from the transport: whether a
// connection was made and the request written whole (a write whose request
// never went may be tried again), and a successful answer's body, read
// straight from the connection. Left to the SDK, the body would be copied
// four times and JSON-encoded and decoded as a string on the way
// (dara.Convert), which at thousands of certificates costs more than
// decoding it.
type exchange struct {
	action          string
	connected, sent atomic.Bool
	body            []byte
	captured        bool
}

type exchangeKey struct{}

// withExchange returns ctx carrying an exchange for the request sent with it.
func withExchange(ctx context.Context, action string) (context.Context, *exchange) {
	ex := &exchange{action: action}
	return context.WithValue(ctx, exchangeKey{}, ex), ex
}

func (ex *exchange) trace() *httptrace.ClientTrace {
	return &httptrace.ClientTrace{
		GotConn: func(httptrace.GotConnInfo) { ex.connected.Store(true) },
		WroteRequest: func(info httptrace.WroteRequestInfo) {
			if info.Err == nil {
				ex.sent.Store(true)
			}
		},
	}
}

// maxPresize bounds the buffer allocated up front from Content-Length.
const maxPresize = 32 << 20

// take reads resp's body into the exchange and leaves the SDK an empty one. A
// body that fails part way is handed to the SDK as it came, bytes then
// error, so that the failure is reported as before.
func (ex *exchange) take(resp *http.Response) {
	buf := bytes.NewBuffer(make([]byte, 0, min(max(resp.ContentLength, 0), maxPresize)+bytes.MinRead))
	_, err := buf.ReadFrom(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		resp.Body = io.NopCloser(io.MultiReader(buf, errorReader{err}))
		return
	}
	ex.body, ex.captured = buf.Bytes(), true
	resp.Body = http.NoBody
}

type errorReader struct{ err error }

func (r errorReader) Read([]byte) (int, error) { return 0, r.err }

func (d *httpDoer) log(ctx context.Context, ex *exchange, req *http.Request, resp *http.Response, err error, took time.Duration) {
	if d.logger == nil {
		return
	}
	action := "" // the SDK puts RPC actions in the signed query, not a header
	if ex != nil {
		action = ex.action
	}
	// Only these fields: headers carry the signature and the STS token.
	fields := map[string]any{
		"action":      action,
		"url":         req.URL.Redacted(),
		"duration_ms": took.Milliseconds(),
	}
	if err != nil {
		fields["error"] = err.Error()
	} else {
		fields["status"] = resp.StatusCode
		fields["request_id"] = resp.Header.Get("x-acs-request-id")
	}
	d.logger.Debug(ctx, "CAS API call", fields)
}
