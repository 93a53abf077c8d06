package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	"github.com/alibabacloud-go/tea/dara"
)

func TestParseFaults(t *testing.T) {
	doc := `{"faults": [
	  {"latency": "20ms"},
	  {"qps": 5},
	  {"jobs": [9999], "times": 2, "fail": {"code": "ServiceUnavailable"}},
	  {"jobs": [7777], "body": "<html><body>502 Bad Gateway</body></html>", "status": 502},
	  {"action": "ListDeploymentJobCert", "times": 1, "per_job": true, "drop": true},
	  {"truncate": 10, "times": 1},
	  {"slow_body": "1s", "times": 1},
	  {"fail": {"code": "Throttling.User", "time_left": "800ms"}}
	]}`
	faults, err := ParseFaults([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if len(faults) != 8 || time.Duration(faults[0].Latency) != 20*time.Millisecond || faults[1].QPS != 5 ||
		faults[2].Fail.Code != "ServiceUnavailable" || faults[2].Times != 2 || faults[3].Status != 502 ||
		!faults[4].Drop || !faults[4].PerJob || *faults[5].Truncate != 10 || time.Duration(faults[7].Fail.TimeLeft) != 800*time.Millisecond {
		t.Fatalf("parsed %+v", faults)
	}

	for doc, want := range map[string]string{
		`{"faults": [{}]}`: "exactly one of",
		`{"faults": [{"latency": "1s", "drop": true}]}`:        "exactly one of",
		`{"faults": [{"lantency": "1s"}]}`:                     `unknown field "lantency"`,
		`{"faults": [{"latency": "soon"}]}`:                    "duration",
		`{"faults": [{"latency": "-1s"}]}`:                     "non-negative",
		`{"faults": [{"qps": 5, "times": 1}]}`:                 "times does not apply",
		`{"faults": [{"drop": true, "per_job": true}]}`:        "per_job needs times",
		`{"faults": [{"fail": {}}]}`:                           "fail needs a code",
		`{"faults": [{"fail": {"code": "X", "status": 200}}]}`: "error status",
		`{"faults": [{"drop": true, "status": 502}]}`:          "status applies only with body",
		`{"faults": [{"drop": true, "jobs": [0]}]}`:            "not a job ID",
		`{"faults": [{"drop": true, "times": -1}]}`:            "times must be",
		`{"jobs": {}}`:      `unknown field "jobs"`,
		`{}`:                `missing "faults"`,
		`{"faults": []} {}`: "unexpected data",
		`{"faults": [{"drop": true}, {"truncate": -3}]}`:         "fault 1: truncate",
		`{"faults": [{"body": "x", "status": 1000}]}`:            "HTTP status",
		`{"faults": [{"fail": {"code": "X", "status": 600}}]}`:   "error status",
		`{"faults": [{"slow_body": "0s"}]}`:                      "exactly one of",
		`{"faults": [{"truncate": 1, "after": true}]}`:           "after applies only with fail or drop",
		`{"faults": [{"qps": -2}]}`:                              "qps must be positive",
		`{"faults": [{"latency": 5}]}`:                           "duration",
		`{"faults": [{"fail": {"code": "X", "time_left": ""}}]}`: "duration",
	} {
		if _, err := ParseFaults([]byte(doc)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseFaults(%s) err = %v, want it to mention %q", doc, err, want)
		}
	}
	if _, err := New(Options{Faults: []Fault{{Drop: true, QPS: 1}}}); err == nil {
		t.Error("New accepted a fault with two effects")
	}
}

// wire is an HttpClient for the official SDK that keeps the last answer as
// it crossed the wire, read to the end (or to the error that stopped it).
type wire struct {
	transport *http.Transport
	mu        sync.Mutex
	status    int
	header    http.Header
	body      []byte
	readErr   error
	callErr   error
}

func (w *wire) Call(req *http.Request, _ *http.Transport) (*http.Response, error) {
	resp, err := w.transport.RoundTrip(req)
	w.mu.Lock()
	defer w.mu.Unlock()
	w.status, w.header, w.body, w.readErr, w.callErr = 0, nil, nil, nil, err
	if err != nil {
		return nil, err
	}
	body, readErr := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	w.status, w.header, w.body, w.readErr = resp.StatusCode, resp.Header, body, readErr
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp, readErr
}

// faultEnv is an emulator with faults behind a real listener that counts
// connections, and an official client whose answers are kept raw.
type faultEnv struct {
	srv  *Server
	http *httptest.Server
	url  string
	wire *wire
	api  *openapi.Client
}

func newFaultEnv(t *testing.T, opts Options) *faultEnv {
	t.Helper()
	srv, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(srv)
	ts.Config.ConnState = srv.ConnState
	ts.Start()
	t.Cleanup(ts.Close)
	e := &faultEnv{srv: srv, http: ts, url: ts.URL}
	e.wire, e.api = e.newClient(t)
	return e
}

// newClient is an SDK client of the emulator, with the wire it sends on.
// The SDK's client is not safe for concurrent calls: concurrent callers
// each take their own.
func (e *faultEnv) newClient(t *testing.T) (*wire, *openapi.Client) {
	t.Helper()
	w := &wire{transport: &http.Transport{}}
	t.Cleanup(w.transport.CloseIdleConnections)
	api, err := openapi.NewClient(&openapi.Config{
		Endpoint: dara.String(strings.TrimPrefix(e.url, "http://")), Protocol: dara.String("http"),
		AccessKeyId: dara.String(DefaultAccessKeyID), AccessKeySecret: dara.String(DefaultAccessKeySecret),
		HttpClient: w,
	})
	if err != nil {
		t.Fatal(err)
	}
	api.DisableSDKError = dara.Bool(true)
	return w, api
}

// list calls ListDeploymentJobCert for job and returns the SDK's error.
func (e *faultEnv) list(ctx context.Context, job string) error {
	return listWith(ctx, e.api, job)
}

// listWith is list through api.
func listWith(ctx context.Context, api *openapi.Client, job string) error {
	params := &openapi.Params{
		Action: dara.String("ListDeploymentJobCert"), Version: dara.String(casVersion),
		Protocol: dara.String("HTTP"), Pathname: dara.String("/"), Method: dara.String("POST"),
		AuthType: dara.String("AK"), Style: dara.String("RPC"), ReqBodyType: dara.String("formData"), BodyType: dara.String("string"),
	}
	req := &openapi.OpenApiRequest{Query: map[string]*string{"JobId": dara.String(job)}}
	_, err := api.CallApiWithCtx(ctx, params, req, &dara.RuntimeOptions{})
	return err
}

func (e *faultEnv) code(t *testing.T, job string) string {
	t.Helper()
	err := e.list(context.Background(), job)
	if err == nil {
		return "OK"
	}
	var a struct{ Code string }
	if json.Unmarshal(e.wire.body, &a) != nil || a.Code == "" {
		t.Fatalf("job %s: no API error in %q (%v)", job, e.wire.body, err)
	}
	return a.Code
}

func TestFaults_failNTimesThenSucceed(t *testing.T) {
	e := newFaultEnv(t, Options{Faults: []Fault{
		{Jobs: []int64{9999, 7777}, Times: 2, PerJob: true, Fail: &Failure{Code: "ServiceUnavailable"}},
		{Jobs: []int64{5555}, Times: 1, Fail: &Failure{Code: "Forbidden.RAM", Status: 403, Message: "no"}},
	}})
	var got []string
	for _, job := range []string{"9999", "9999", "9999", "7777", "7777", "7777", "8888", "5555", "5555"} {
		got = append(got, job+":"+e.code(t, job))
		if job == "9999" && e.wire.status == 503 && e.wire.header.Get("x-acs-request-id") == "" {
			t.Error("the injected error has no x-acs-request-id")
		}
	}
	want := "9999:ServiceUnavailable 9999:ServiceUnavailable 9999:OK 7777:ServiceUnavailable 7777:ServiceUnavailable 7777:OK 8888:OK 5555:Forbidden.RAM 5555:OK"
	if strings.Join(got, " ") != want {
		t.Fatalf("got  %s\nwant %s", strings.Join(got, " "), want)
	}
	st := e.srv.Stats()
	if st.Requests != 9 || st.Outcomes["OK"] != 4 || st.Outcomes["ServiceUnavailable"] != 4 || st.Outcomes["Forbidden.RAM"] != 1 {
		t.Fatalf("stats = %+v", st)
	}
	if st.Connections != 1 {
		t.Errorf("connections = %d; error answers must keep the connection alive", st.Connections)
	}
}

// The ceiling counts requests per wall-clock second and answers as the
// gateway does: HTTP 400, Throttling.User, and how long until the quota refills.
func TestFaults_qpsCeiling(t *testing.T) {
	var mu sync.Mutex
	now := time.Now().Truncate(time.Second).Add(100 * time.Millisecond)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	e := newFaultEnv(t, Options{Now: clock, Faults: []Fault{{QPS: 3}}})
	for i := range 3 {
		if c := e.code(t, "8888"); c != "OK" {
			t.Fatalf("request %d within the ceiling: %s", i+1, c)
		}
	}
	err := e.list(context.Background(), "8888")
	var th *openapi.ThrottlingError
	if !errors.As(err, &th) || e.wire.status != 400 || dara.StringValue(th.Code) != "Throttling.User" {
		t.Fatalf("4th request: status %d, err %v", e.wire.status, err)
	}
	if h := e.wire.header.Get("x-ratelimit-user"); h != "Limit:3,Remain:0,TimeLeft:900" {
		t.Errorf("x-ratelimit-user = %q", h)
	}
	if dara.Int64Value(th.RetryAfter) != 900 {
		t.Errorf("the official SDK reads RetryAfter %d ms, want 900", dara.Int64Value(th.RetryAfter))
	}
	mu.Lock()
	now = now.Add(time.Second)
	mu.Unlock()
	if c := e.code(t, "8888"); c != "OK" {
		t.Fatalf("next second: %s", c)
	}
	if st := e.srv.Stats(); st.Outcomes["Throttling.User"] != 1 || st.Outcomes["OK"] != 4 {
		t.Fatalf("outcomes = %v", st.Outcomes)
	}
}

func TestFaults_dropClosesTheConnection(t *testing.T) {
	e := newFaultEnv(t, Options{Faults: []Fault{{Times: 1, Drop: true}}})
	if err := e.list(context.Background(), "8888"); !errors.Is(err, io.EOF) {
		t.Fatalf("err = %v, want EOF", err)
	}
	if c := e.code(t, "8888"); c != "OK" {
		t.Fatal(c)
	}
	if st := e.srv.Stats(); st.Connections != 2 || st.Outcomes["fault:drop"] != 1 || st.Requests != 2 {
		t.Fatalf("stats = %+v", st)
	}
}

func TestFaults_truncateCutsTheRealAnswer(t *testing.T) {
	e := newFaultEnv(t, Options{})
	if err := e.list(context.Background(), "8888"); err != nil {
		t.Fatal(err)
	}
	full := e.wire.body

	cut := 40
	e = newFaultEnv(t, Options{Faults: []Fault{{Times: 1, Truncate: &cut}}})
	_ = e.list(context.Background(), "8888")
	if !errors.Is(e.wire.readErr, io.ErrUnexpectedEOF) || len(e.wire.body) != cut {
		t.Fatalf("read %d bytes, error %v; want %d bytes then unexpected EOF", len(e.wire.body), e.wire.readErr, cut)
	}
	// RequestIds differ between answers; the structure before them must not.
	if !bytes.HasPrefix(full, e.wire.body[:len(`{"Data":[`)]) || e.wire.header.Get("Content-Length") == "40" {
		t.Fatalf("truncated answer %q is not the start of %q", e.wire.body, full)
	}
	if st := e.srv.Stats(); st.Outcomes["fault:truncate"] != 1 {
		t.Fatalf("outcomes = %v", st.Outcomes)
	}
}

func TestFaults_bodyReplacesTheAnswer(t *testing.T) {
	page := "<html><body>502 Bad Gateway</body></html>"
	e := newFaultEnv(t, Options{Faults: []Fault{{Jobs: []int64{7777}, Body: &page, Status: 502}}})
	_ = e.list(context.Background(), "7777")
	if e.wire.status != 502 || string(e.wire.body) != page {
		t.Fatalf("got %d %q", e.wire.status, e.wire.body)
	}
	if c := e.code(t, "8888"); c != "OK" {
		t.Fatalf("another job: %s", c)
	}
}

func TestFaults_slowBodyStillArrivesWhole(t *testing.T) {
	e := newFaultEnv(t, Options{Faults: []Fault{{SlowBody: Duration(20 * time.Millisecond)}}})
	if err := e.list(context.Background(), "8888"); err != nil {
		t.Fatal(err)
	}
	var a apiAnswer
	if err := json.Unmarshal(e.wire.body, &a); err != nil || len(a.Data) != len(DefaultFixture().Jobs["8888"]) {
		t.Fatalf("slow answer %q: %v", e.wire.body, err)
	}
	if st := e.srv.Stats(); st.Outcomes["fault:slow_body"] != 1 {
		t.Fatalf("outcomes = %v", st.Outcomes)
	}
}

// Latency holds the answer; a client that gives up first is counted apart.
func TestFaults_latencyHoldsTheAnswer(t *testing.T) {
	e := newFaultEnv(t, Options{Faults: []Fault{{Latency: Duration(time.Hour)}}})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := e.list(ctx, "8888"); err == nil {
		t.Fatal("an answer came through an hour of latency")
	}
	e.http.Close() // returns once every request has been answered
	if st := e.srv.Stats(); st.Outcomes["ClientClosedRequest"] != 1 {
		t.Fatalf("outcomes = %v", st.Outcomes)
	}
}

// Faults apply only to authenticated calls: a bad signature is refused as
// always, and faults for other actions or jobs leave a call alone.
func TestFaults_applyOnlyWhereAimed(t *testing.T) {
	e := newFaultEnv(t, Options{Faults: []Fault{
		{Action: "ListDeploymentJob", Fail: &Failure{Code: "ServiceUnavailable"}},
		{Jobs: []int64{1}, Fail: &Failure{Code: "ServiceUnavailable"}},
		{Fail: &Failure{Code: "InternalError"}},
	}})
	if c := e.code(t, "8888"); c != "InternalError" {
		t.Fatalf("the catch-all rule did not apply: %s", c)
	}
	if e.wire.status != 500 {
		t.Errorf("InternalError status = %d, want 500", e.wire.status)
	}
	api, err := openapi.NewClient(&openapi.Config{
		Endpoint: dara.String(strings.TrimPrefix(e.url, "http://")), Protocol: dara.String("http"),
		AccessKeyId: dara.String(DefaultAccessKeyID), AccessKeySecret: dara.String("wrong"), HttpClient: e.wire,
	})
	if err != nil {
		t.Fatal(err)
	}
	e.api = api
	if c := e.code(t, "8888"); c != "SignatureDoesNotMatch" {
		t.Fatalf("a bad signature got %s", c)
	}
}

// With after, the write is carried out and then its answer is lost: the
// job exists although the client saw only a cut connection or a 503.
// Without it, nothing is carried out.
func TestFaults_afterCarriesTheWriteOut(t *testing.T) {
	for _, tc := range []struct {
		name    string
		fault   Fault
		created bool
	}{
		{"drop after", Fault{Action: "CreateDeploymentJob", Drop: true, After: true}, true},
		{"fail after", Fault{Action: "CreateDeploymentJob", Fail: &Failure{Code: "ServiceUnavailable"}, After: true}, true},
		{"drop before", Fault{Action: "CreateDeploymentJob", Drop: true}, false},
		{"fail before", Fault{Action: "CreateDeploymentJob", Fail: &Failure{Code: "ServiceUnavailable"}}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, Options{Faults: []Fault{tc.fault}})
			err := e.call(t, "CreateDeploymentJob", map[string]string{"Name": "lost", "JobType": "user",
				"CertIds": "11174106", "ResourceIds": "22005", "ContactIds": "3304"}, nil)
			if err == nil {
				t.Fatal("the call succeeded through the fault")
			}
			var list struct{ Data []jobView }
			e.mustCall(t, "ListDeploymentJob", map[string]string{"Status": "editing"}, &list)
			created := false
			for _, j := range list.Data {
				created = created || j.Name == "lost"
			}
			if created != tc.created {
				t.Errorf("job created: %t, want %t", created, tc.created)
			}
		})
	}
	// A refused write stays refused: there was nothing to carry out.
	e := newEnv(t, Options{Faults: []Fault{{Action: "CreateDeploymentJob", Drop: true, After: true}}})
	_, err := invoke(e.client(t, defaultClientConfig()), callSpec{action: "CreateDeploymentJob", query: map[string]string{"Name": "x"}})
	if status, code := refusedWith(t, err); status != 400 || code != "MissingJobType" {
		t.Errorf("refused write through an after fault: %d %s", status, code)
	}
}
