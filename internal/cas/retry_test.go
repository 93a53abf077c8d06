package cas

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aliyun/credentials-go/credentials"
	"github.com/aliyun/credentials-go/credentials/providers"

	"github.com/alicas/terraform-provider-alicas/internal/cas/clocktest"
	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

// Each failure is classified once; whether it is retried follows from its kind.
func TestClassify(t *testing.T) {
	dial := func(err error) error { return &net.OpError{Op: "dial", Net: "tcp", Err: err} }
	cases := []struct {
		name    string
		err     error
		kind    Kind
		code    string
		retried bool
	}{
		{"Throttling", &APIError{StatusCode: 400, Code: "Throttling"}, KindThrottled, "Throttling", true},
		{"Throttling.User", &APIError{StatusCode: 400, Code: "Throttling.User"}, KindThrottled, "Throttling.User", true},
		{"Throttling.Api", &APIError{StatusCode: 400, Code: "Throttling.Api"}, KindThrottled, "Throttling.Api", true},
		{"Rejected.Throttling", &APIError{StatusCode: 400, Code: "Rejected.Throttling"}, KindThrottled, "Rejected.Throttling", true},
		{"429 without a code", &APIError{StatusCode: 429}, KindThrottled, "", true},
		{"ServiceUnavailable", &APIError{StatusCode: 503, Code: "ServiceUnavailable"}, KindUnavailable, "ServiceUnavailable", true},
		{"InternalError on a 200", &APIError{StatusCode: 200, Code: "InternalError"}, KindUnavailable, "InternalError", true},
		{"any 5xx", &APIError{StatusCode: 502, Code: "BadGateway"}, KindUnavailable, "BadGateway", true},
		{"signature", &APIError{StatusCode: 400, Code: "SignatureDoesNotMatch"}, KindAuthentication, "SignatureDoesNotMatch", false},
		{"unknown key", &APIError{StatusCode: 404, Code: "InvalidAccessKeyId.NotFound"}, KindAuthentication, "InvalidAccessKeyId.NotFound", false},
		{"expired token", &APIError{StatusCode: 400, Code: "InvalidSecurityToken.Expired"}, KindAuthentication, "InvalidSecurityToken.Expired", false},
		{"missing token is not a missing parameter", &APIError{StatusCode: 400, Code: "MissingSecurityToken"}, KindAuthentication, "MissingSecurityToken", false},
		{"permission", &APIError{StatusCode: 403, Code: "Forbidden.RAM"}, KindPermission, "Forbidden.RAM", false},
		{"permission on a 5xx is still permission", &APIError{StatusCode: 500, Code: "Forbidden.RAM"}, KindPermission, "Forbidden.RAM", false},
		{"parameter", &APIError{StatusCode: 400, Code: "InvalidParameter"}, KindRefused, "InvalidParameter", false},
		{"missing parameter", &APIError{StatusCode: 400, Code: "MissingJobId"}, KindRefused, "MissingJobId", false},
		{"clock", &APIError{StatusCode: 400, Code: "InvalidTimeStamp.Expired"}, KindRefused, "InvalidTimeStamp.Expired", false},
		{"other 4xx", &APIError{StatusCode: 400, Code: "SomethingElse"}, KindRefused, "SomethingElse", false},
		{"not found", &APIError{StatusCode: 404, Code: "NotFound.DeploymentJob"}, KindNotFound, "NotFound.DeploymentJob", false},
		{"an answer holding nothing", &NotFoundError{Action: "DescribeDeploymentJob", RequestID: "R"}, KindNotFound, "not found", false},
		{"proxy 502 page", &ResponseError{StatusCode: 502, Reason: "not JSON"}, KindUnavailable, "HTTP 502", true},
		{"malformed 200", &ResponseError{StatusCode: 200, Reason: "truncated"}, KindBadAnswer, "HTTP 200", false},
		{"attempt timeout", &TimeoutError{Err: context.DeadlineExceeded}, KindTimeout, "timeout", true},
		{"connection refused", dial(syscall.ECONNREFUSED), KindUnreachable, "connection refused", true},
		{"unknown host", dial(&net.DNSError{Err: "no such host", Name: "x", IsNotFound: true}), KindUnreachable, "unknown host", true},
		{"DNS timeout", &net.DNSError{Err: "timeout", Name: "x", IsTimeout: true}, KindUnreachable, "DNS lookup failed", true},
		{"no route", dial(syscall.EHOSTUNREACH), KindUnreachable, "connect failed", true},
		{"connection reset", fmt.Errorf("read: %w", syscall.ECONNRESET), KindConnectionLost, "connection dropped", true},
		{"connection closed before an answer", fmt.Errorf("post: %w", io.EOF), KindConnectionLost, "connection dropped", true},
		{"answer cut off", io.ErrUnexpectedEOF, KindConnectionLost, "connection dropped", true},
		{"untrusted certificate", x509.UnknownAuthorityError{}, KindUntrustedTLS, "untrusted TLS certificate", false},
		{"cancelled", context.Canceled, KindCanceled, "canceled", false},
		{"caller's deadline", fmt.Errorf("x: %w", context.DeadlineExceeded), KindCanceled, "canceled", false},
		{"anything else", errors.New("?"), KindOther, "error", false},
	}
	for _, c := range cases {
		f := Classify(c.err)
		if f.Kind != c.kind || f.Code != c.code || transient(f.Kind) != c.retried {
			t.Errorf("%s: Classify(%v) = %v %q (retried %v), want %v %q (retried %v)", c.name, c.err, f.Kind, f.Code, transient(f.Kind), c.kind, c.code, c.retried)
		}
	}
}

// A write is repeated only when the failure proves it was not carried out.
func TestProvenUndone(t *testing.T) {
	for k := KindOther; k <= KindCanceled; k++ {
		want := map[Kind]bool{KindThrottled: true, KindAuthentication: true, KindPermission: true, KindRefused: true,
			KindNotFound: true, KindUnreachable: true, KindUntrustedTLS: true}[k]
		if got := provenUndone(k, true); got != want {
			t.Errorf("%v, sent: provenUndone = %v, want %v", k, got, want)
		}
		if !provenUndone(k, false) {
			t.Errorf("%v, not sent: provenUndone = false", k)
		}
	}
}

func TestRetryDelay(t *testing.T) {
	for n := 1; n <= 40; n++ {
		window := min(retryBaseDelay<<min(n-1, 16), retryMaxDelay)
		for range 200 {
			d := retryDelay(n, 0)
			if d < 0 || d > window {
				t.Fatalf("retry %d: delay %s outside [0, %s]", n, d, window)
			}
		}
	}
	// The server's TimeLeft is the wait: the rate limiter spaces callers out.
	if d := retryDelay(3, 800*time.Millisecond); d != 800*time.Millisecond {
		t.Fatalf("with TimeLeft 800ms: delay %s", d)
	}
	// Jitter really spreads callers out.
	seen := map[time.Duration]bool{}
	for range 50 {
		seen[retryDelay(5, 0)] = true
	}
	if len(seen) < 10 {
		t.Fatalf("50 delays gave only %d distinct values: no jitter", len(seen))
	}
}

// recorder keeps the client's log lines; onWarn, if set, runs on each retry line.
type recorder struct {
	mu     sync.Mutex
	warns  []map[string]any
	onWarn func()
}

func (r *recorder) Debug(context.Context, string, map[string]any) {}

func (r *recorder) Warn(_ context.Context, _ string, fields map[string]any) {
	r.mu.Lock()
	r.warns = append(r.warns, fields)
	f := r.onWarn
	r.mu.Unlock()
	if f != nil {
		f()
	}
}

func (r *recorder) retries() []map[string]any {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]map[string]any(nil), r.warns...)
}

// faultyEmulator serves the default fixture with faults on loopback, with
// connections counted.
func faultyEmulator(t *testing.T, faults ...emulator.Fault) (*emulator.Server, *httptest.Server) {
	t.Helper()
	srv, err := emulator.New(emulator.Options{Faults: faults})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(srv)
	ts.Config.ConnState = srv.ConnState
	ts.Start()
	t.Cleanup(ts.Close)
	return srv, ts
}

func testClient(t testing.TB, url string, edit func(*Config)) (*Client, *recorder) {
	t.Helper()
	p, err := providers.NewStaticAKCredentialsProviderBuilder().
		WithAccessKeyId(emulator.DefaultAccessKeyID).WithAccessKeySecret(emulator.DefaultAccessKeySecret).Build()
	if err != nil {
		t.Fatal(err)
	}
	endpoint, err := ParseEndpoint(url)
	if err != nil {
		t.Fatal(err)
	}
	log := &recorder{}
	// The test's clock: waits between attempts take no real time. (It starts
	// at the real time, so real deadlines still compare sensibly with it.)
	cfg := Config{Endpoint: endpoint, Credential: credentials.FromCredentialsProvider("static_ak", p), Logger: log, MaxRetries: 5,
		Clock: clocktest.New()}
	if edit != nil {
		edit(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c, log
}

// jobCerts is how many certificates the default fixture holds for job 8888.
func jobCerts(t *testing.T) int {
	t.Helper()
	return len(emulator.DefaultFixture().Jobs["8888"])
}

func TestRetry_recoversFromEachTransientFault(t *testing.T) {
	one := 1
	cut := 25
	cases := []struct {
		name        string
		fault       emulator.Fault
		connections int64 // the dropped or cut connection is replaced
	}{
		{"throttled twice", emulator.Fault{Times: 2, Fail: &emulator.Failure{Code: "Throttling.User", TimeLeft: emulator.Duration(20 * time.Millisecond)}}, 1},
		{"Throttling.Api", emulator.Fault{Times: 1, Fail: &emulator.Failure{Code: "Throttling.Api"}}, 1},
		{"Rejected.Throttling", emulator.Fault{Times: 1, Fail: &emulator.Failure{Code: "Rejected.Throttling"}}, 1},
		{"ServiceUnavailable", emulator.Fault{Times: 2, Fail: &emulator.Failure{Code: "ServiceUnavailable"}}, 1},
		{"InternalError", emulator.Fault{Times: 1, Fail: &emulator.Failure{Code: "InternalError"}}, 1},
		{"a 502 from a proxy, not JSON", emulator.Fault{Times: 1, Body: ptr("<html>502 Bad Gateway</html>"), Status: 502}, 1},
		{"a 200 carrying a Throttling error", emulator.Fault{Times: 1, Body: ptr(`{"Code":"Throttling","Message":"slow down"}`)}, 1},
		{"connection dropped", emulator.Fault{Times: 1, Drop: true}, 2},
		{"answer cut off mid-body", emulator.Fault{Times: 1, Truncate: &cut}, 2},
		{"answer cut off before the body", emulator.Fault{Times: 1, Truncate: new(int)}, 2},
		{"two faults in a row", emulator.Fault{Times: 2, Truncate: &one}, 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv, ts := faultyEmulator(t, c.fault)
			client, log := testClient(t, ts.URL, nil)
			res, err := client.ListDeploymentJobCert(context.Background(), 8888)
			if err != nil {
				t.Fatalf("want success after retrying, got %v", err)
			}
			if len(res.Certs) != jobCerts(t) {
				t.Fatalf("got %d certificates, want %d", len(res.Certs), jobCerts(t))
			}
			faults := c.fault.Times
			st := srv.Stats()
			if st.Requests != int64(faults+1) || st.Outcomes["OK"] != 1 {
				t.Errorf("requests = %d (outcomes %v), want %d failed + 1 OK", st.Requests, st.Outcomes, faults)
			}
			if st.Connections != c.connections {
				t.Errorf("connections = %d, want %d", st.Connections, c.connections)
			}
			if got := len(log.retries()); got != faults {
				t.Errorf("%d retry log lines, want %d", got, faults)
			}
		})
	}
}

func TestRetry_honoursServerTimeLeft(t *testing.T) {
	srv, ts := faultyEmulator(t, emulator.Fault{Times: 1, Fail: &emulator.Failure{Code: "Throttling.User", TimeLeft: emulator.Duration(300 * time.Millisecond)}})
	client, log := testClient(t, ts.URL, nil)
	if _, err := client.ListDeploymentJobCert(context.Background(), 8888); err != nil {
		t.Fatal(err)
	}
	lines := log.retries()
	if len(lines) != 1 || srv.Stats().Requests != 2 {
		t.Fatalf("want one retry, got log %v and %d requests", lines, srv.Stats().Requests)
	}
	l := lines[0]
	if l["code"] != "Throttling.User" || l["kind"] != "throttled" || l["attempt"] != 1 || l["server_asked_ms"] != int64(300) || l["delay_ms"] != int64(300) {
		t.Errorf("retry log line = %v; want code Throttling.User, attempt 1, server_asked_ms 300, delay_ms 300", l)
	}
	if id, _ := l["request_id"].(string); len(id) != 36 {
		t.Errorf("retry log line has no RequestId: %v", l)
	}
}

func TestRetry_permanentErrorsFailAtOnce(t *testing.T) {
	cases := map[string]emulator.Fault{
		"Forbidden.RAM":         {Fail: &emulator.Failure{Code: "Forbidden.RAM", Status: 403}},
		"InvalidParameter":      {Fail: &emulator.Failure{Code: "InvalidParameter"}},
		"malformed 200 body":    {Body: ptr(`{"Data":[{"CertId":1`)},
		"200 body not JSON":     {Body: ptr(`<html>proxy login</html>`)},
		"signature, from fault": {Fail: &emulator.Failure{Code: "SignatureDoesNotMatch"}},
	}
	for name, fault := range cases {
		t.Run(name, func(t *testing.T) {
			srv, ts := faultyEmulator(t, fault)
			client, log := testClient(t, ts.URL, nil)
			_, err := client.ListDeploymentJobCert(context.Background(), 8888)
			var retryErr *RetryError
			if err == nil || errors.As(err, &retryErr) {
				t.Fatalf("want a plain error after one attempt, got %v", err)
			}
			if n := srv.Stats().Requests; n != 1 || len(log.retries()) != 0 {
				t.Fatalf("requests = %d, retries logged = %d; want 1 and 0", n, len(log.retries()))
			}
		})
	}
	t.Run("wrong secret", func(t *testing.T) {
		srv, ts := faultyEmulator(t)
		client, _ := testClient(t, ts.URL, func(c *Config) {
			p, _ := providers.NewStaticAKCredentialsProviderBuilder().WithAccessKeyId(emulator.DefaultAccessKeyID).WithAccessKeySecret("wrong").Build()
			c.Credential = credentials.FromCredentialsProvider("static_ak", p)
		})
		_, err := client.ListDeploymentJobCert(context.Background(), 8888)
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.Code != "SignatureDoesNotMatch" || srv.Stats().Requests != 1 {
			t.Fatalf("err = %v after %d requests; want SignatureDoesNotMatch after 1", err, srv.Stats().Requests)
		}
	})
}

func TestRetry_givesUpAfterMaxRetries(t *testing.T) {
	srv, ts := faultyEmulator(t, emulator.Fault{Fail: &emulator.Failure{Code: "ServiceUnavailable"}})
	client, log := testClient(t, ts.URL, func(c *Config) { c.MaxRetries = 2 })
	_, err := client.ListDeploymentJobCert(context.Background(), 8888)
	var retryErr *RetryError
	var apiErr *APIError
	if !errors.As(err, &retryErr) || !errors.As(err, &apiErr) {
		t.Fatalf("want a RetryError around the APIError, got %T %v", err, err)
	}
	if retryErr.Attempts != 3 || !errors.Is(err, ErrRetriesExhausted) || apiErr.Code != "ServiceUnavailable" {
		t.Fatalf("got %+v", retryErr)
	}
	if !strings.Contains(err.Error(), "Code ServiceUnavailable") || !strings.Contains(err.Error(), "gave up after 3 attempts over") {
		t.Fatalf("message %q does not say what failed and how often", err)
	}
	if n := srv.Stats().Requests; n != 3 || len(log.retries()) != 2 {
		t.Fatalf("requests = %d, retries logged = %d; want 3 and 2", n, len(log.retries()))
	}

	t.Run("max_retries 0 tries once", func(t *testing.T) {
		srv, ts := faultyEmulator(t, emulator.Fault{Fail: &emulator.Failure{Code: "Throttling.User"}})
		client, _ := testClient(t, ts.URL, func(c *Config) { c.MaxRetries = 0 })
		_, err := client.ListDeploymentJobCert(context.Background(), 8888)
		if !errors.Is(err, ErrRetriesExhausted) || srv.Stats().Requests != 1 {
			t.Fatalf("err = %v after %d requests", err, srv.Stats().Requests)
		}
	})
}

// Where nothing answers, three attempts at most, whatever max_retries says;
// the error names the endpoint.
func TestRetry_connectionRefused(t *testing.T) {
	ln, err := (&net.ListenConfig{}).Listen(t.Context(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	_ = ln.Close() // nothing listens there now
	for _, c := range []struct {
		maxRetries, attempts int
		reason               error
	}{{10, 3, ErrUnreachable}, {1, 2, ErrRetriesExhausted}} {
		client, log := testClient(t, url, func(cfg *Config) { cfg.MaxRetries = c.maxRetries; cfg.EndpointSource = "endpoints.cas" })
		_, err = client.ListDeploymentJobCert(context.Background(), 8888)
		var retryErr *RetryError
		var netErr *NetworkError
		if !errors.Is(err, syscall.ECONNREFUSED) || !errors.Is(err, c.reason) || !errors.As(err, &retryErr) || retryErr.Attempts != c.attempts {
			t.Fatalf("max_retries %d: err = %v, want %d attempts and %v", c.maxRetries, err, c.attempts, c.reason)
		}
		if !errors.As(err, &netErr) || netErr.Endpoint.String() != url || netErr.EndpointSource != "endpoints.cas" ||
			!strings.Contains(err.Error(), "nothing answered at "+url) {
			t.Fatalf("err = %v does not name the endpoint and its source", err)
		}
		if lines := log.retries(); len(lines) != c.attempts-1 || lines[0]["code"] != "connection refused" {
			t.Fatalf("retry log = %v", lines)
		}
	}
}

func TestRetry_slowBodyIsATimeoutAndRetried(t *testing.T) {
	srv, ts := faultyEmulator(t, emulator.Fault{Times: 1, SlowBody: emulator.Duration(time.Hour)})
	// One attempt, connect to last byte, may take connect + read timeout (as
	// with the official SDK's own client).
	client, log := testClient(t, ts.URL, func(c *Config) { c.ConnectTimeout, c.ReadTimeout = 100*time.Millisecond, 100*time.Millisecond })
	res, err := client.ListDeploymentJobCert(context.Background(), 8888)
	if err != nil || len(res.Certs) != jobCerts(t) {
		t.Fatalf("want success on the second attempt, got %v", err)
	}
	if lines := log.retries(); len(lines) != 1 || lines[0]["code"] != "timeout" || srv.Stats().Requests != 2 {
		t.Fatalf("retry log = %v, requests = %d", lines, srv.Stats().Requests)
	}
}

func TestRetry_latencyBeyondReadTimeout(t *testing.T) {
	_, ts := faultyEmulator(t, emulator.Fault{Latency: emulator.Duration(time.Hour)})
	client, _ := testClient(t, ts.URL, func(c *Config) { c.ReadTimeout = 100 * time.Millisecond; c.MaxRetries = 1 })
	_, err := client.ListDeploymentJobCert(context.Background(), 8888)
	var timeoutErr *TimeoutError
	if !errors.As(err, &timeoutErr) || !errors.Is(err, ErrRetriesExhausted) || !strings.Contains(err.Error(), "no complete answer within") {
		t.Fatalf("err = %v", err)
	}
}

// Cancelling (Ctrl-C) stops a wait between attempts at once: with the server
// asking for an hour, only cancellation can end this call.
func TestRetry_cancelStopsTheWait(t *testing.T) {
	srv, ts := faultyEmulator(t, emulator.Fault{Fail: &emulator.Failure{Code: "Throttling.User", TimeLeft: emulator.Duration(time.Hour)}})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	client, log := testClient(t, ts.URL, nil)
	log.onWarn = cancel // the retry is announced just before the wait starts
	_, err := client.ListDeploymentJobCert(ctx, 8888)
	var retryErr *RetryError
	if !errors.As(err, &retryErr) || !errors.Is(err, context.Canceled) || retryErr.Attempts != 1 {
		t.Fatalf("err = %#v", err)
	}
	if n := srv.Stats().Requests; n != 1 {
		t.Fatalf("%d requests after cancelling, want 1", n)
	}
}

// Cancelling stops a call in flight: the server would hold it for an hour.
func TestRetry_cancelStopsTheCallInFlight(t *testing.T) {
	srv, err := emulator.New(emulator.Options{Faults: []emulator.Fault{{Latency: emulator.Duration(time.Hour)}}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cancel() // the request has arrived: pull the plug
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	client, _ := testClient(t, ts.URL, func(c *Config) { c.ReadTimeout = 2 * time.Hour })
	_, err = client.ListDeploymentJobCert(ctx, 8888)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	ts.Close() // returns once the server has finished with the request
	if st := srv.Stats(); st.Requests != 1 || st.Outcomes["ClientClosedRequest"] != 1 {
		t.Fatalf("stats = %+v", st)
	}
}

// A wait that would outlast the caller's deadline is not started: the call
// gives up at once and says the deadline is why.
func TestRetry_deadlineCutsRetryingShort(t *testing.T) {
	srv, ts := faultyEmulator(t, emulator.Fault{Fail: &emulator.Failure{Code: "Throttling.User", TimeLeft: emulator.Duration(2 * time.Hour)}})
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	client, _ := testClient(t, ts.URL, nil)
	_, err := client.ListDeploymentJobCert(ctx, 8888)
	var retryErr *RetryError
	var apiErr *APIError
	if !errors.As(err, &retryErr) || !errors.Is(err, context.DeadlineExceeded) || !errors.As(err, &apiErr) || apiErr.Code != "Throttling.User" {
		t.Fatalf("err = %v", err)
	}
	if retryErr.Attempts != 1 || srv.Stats().Requests != 1 {
		t.Fatalf("attempts = %d, requests = %d", retryErr.Attempts, srv.Stats().Requests)
	}
	if !strings.Contains(err.Error(), "(deadline reached)") {
		t.Fatalf("message %q does not say the deadline stopped it", err)
	}
}

// A fixed rate spaces out calls from many goroutines so that a server
// ceiling of twice the rate never throttles them. The load is more than two
// ceiling windows can hold, so it cannot slip through unthrottled by
// straddling a second boundary.
func TestFixedRateSharedByAllCallers(t *testing.T) {
	const limit, ceiling, calls = 10, 20, 2*20 + 5
	clk := clocktest.New()
	client, srv, _ := clockedEmulator(t, clk, func(c *Config) { c.RequestsPerSecond = limit; c.MaxRetries = 0 }, emulator.Fault{QPS: ceiling})
	for range calls {
		clk.Go(func() { _, _ = client.ListDeploymentJobCert(context.Background(), 8888) })
	}
	clk.Wait()
	if st := srv.Stats(); st.Outcomes["Throttling.User"] != 0 || st.Outcomes["OK"] != calls {
		t.Fatalf("outcomes = %v; want %d OK and no throttling", st.Outcomes, calls)
	}
	if got, want := clk.Elapsed(), time.Duration(calls-1)*time.Second/limit; got != want {
		t.Fatalf("%d calls at %d a second took %s on the clock, want %s", calls, limit, got, want)
	}
}

// A retried call must not keep anything from an earlier answer: here the
// first answer carries Data next to a retryable error code, the second has
// no Data at all. The result is an error, never the first answer's Data.
func TestRetry_nothingSurvivesFromAnEarlierAnswer(t *testing.T) {
	_, ts := faultyEmulator(t,
		emulator.Fault{Times: 1, Body: ptr(`{"Code":"ServiceUnavailable","Data":[{"CertId":666}]}`)},
		emulator.Fault{Body: ptr(`{"RequestId":"R2"}`)},
	)
	client, _ := testClient(t, ts.URL, nil)
	res, err := client.ListDeploymentJobCert(context.Background(), 8888)
	if err == nil || !strings.Contains(err.Error(), "has no Data field") {
		t.Fatalf("got %+v, %v; want the missing Data reported", res, err)
	}
}

func ptr[T any](v T) *T { return &v }

// A call whose turn under the rate limit would come after its deadline is
// not queued at all: it fails at once, having sent nothing.
func TestRateLimiterRespectsDeadline(t *testing.T) {
	srv, ts := faultyEmulator(t)
	client, _ := testClient(t, ts.URL, func(c *Config) { c.RequestsPerSecond = 1.0 / 7200 }) // one request per 2 hours
	if _, err := client.ListDeploymentJobCert(context.Background(), 8888); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	_, err := client.ListDeploymentJobCert(ctx, 8888)
	var retryErr *RetryError
	if !errors.As(err, &retryErr) || retryErr.Attempts != 0 || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v", err)
	}
	if n := srv.Stats().Requests; n != 1 {
		t.Fatalf("%d requests, want only the first", n)
	}
}

// The refusals callers act on are told by their code, wrapped or not, and
// nothing else passes for them.
func TestRefusalsCallersActOn(t *testing.T) {
	wrapped := func(code string) error {
		return fmt.Errorf("upload: %w", &APIError{StatusCode: 400, Code: code})
	}
	cases := []struct {
		name string
		is   func(error) bool
		yes  []error
		no   []error
	}{
		{"NameTaken", NameTaken, []error{wrapped("NameRepeat")}, []error{wrapped("NameRepeatX"), wrapped("InvalidParameter"), errors.New("NameRepeat")}},
		{"InUse", InUse, []error{wrapped("OperationDenied.CertificateInUse"), wrapped("CertificateInUse")},
			[]error{wrapped("OperationDenied.CertificateNotDeletable"), nil}},
		{"RefusedAsProcessing", RefusedAsProcessing, []error{wrapped("OperationDenied.JobProcessing")},
			[]error{wrapped("OperationDenied.JobFinished"), &NotFoundError{Action: "x"}}},
	}
	for _, c := range cases {
		for _, err := range c.yes {
			if !c.is(err) {
				t.Errorf("%s(%v) = false, want true", c.name, err)
			}
		}
		for _, err := range c.no {
			if c.is(err) {
				t.Errorf("%s(%v) = true, want false", c.name, err)
			}
		}
	}
}
