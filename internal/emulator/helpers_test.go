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

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/alibabacloud-go/tea/tea"
)

// exchange is one request and its answer, as they crossed the wire.
type exchange struct {
	method   string
	uri      string // path and query
	host     string
	header   http.Header
	body     []byte
	status   int
	respHead http.Header
	respBody []byte
}

// env is an emulator behind a real HTTP listener, with a recorder in front of
// it so tests can inspect and replay what an official client sent.
type env struct {
	srv  *Server
	http *httptest.Server
	mu   sync.Mutex
	log  []exchange
}

func newEnv(t *testing.T, opts Options) *env {
	t.Helper()
	s, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	e := &env{srv: s}
	e.http = httptest.NewServer(http.HandlerFunc(e.record))
	t.Cleanup(e.http.Close)
	return e
}

func (e *env) record(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	rec := httptest.NewRecorder()
	e.srv.ServeHTTP(rec, r)
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
	e.mu.Lock()
	defer e.mu.Unlock()
	e.log = append(e.log, exchange{
		method: r.Method, uri: r.URL.RequestURI(), host: r.Host, header: r.Header.Clone(), body: body,
		status: rec.Code, respHead: rec.Header().Clone(), respBody: rec.Body.Bytes(),
	})
}

func (e *env) last(t *testing.T) exchange {
	t.Helper()
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.log) == 0 {
		t.Fatal("no request reached the emulator")
	}
	return e.log[len(e.log)-1]
}

// endpoint is what an official client takes as Endpoint: host:port, no scheme.
func (e *env) endpoint() string { return strings.TrimPrefix(e.http.URL, "http://") }

// send replays x to e (after edit, if any) with a plain HTTP client, byte for
// byte; x may have been recorded by another env.
func (e *env) send(t *testing.T, x exchange, edit func(*http.Request)) (int, apiAnswer) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), x.method, e.http.URL+x.uri, bytes.NewReader(x.body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header = x.header.Clone()
	req.Host = x.host
	if edit != nil {
		edit(req)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	raw, _ := io.ReadAll(resp.Body)
	var a apiAnswer
	if err := json.Unmarshal(raw, &a); err != nil {
		t.Fatalf("answer is not JSON: %v: %s", err, raw)
	}
	return resp.StatusCode, a
}

// apiAnswer holds the fields of any answer the tests look at.
type apiAnswer struct {
	RequestID string            `json:"RequestId"`
	HostID    string            `json:"HostId"`
	Code      string            `json:"Code"`
	Message   string            `json:"Message"`
	Recommend string            `json:"Recommend"`
	Data      []json.RawMessage `json:"Data"`
}

type clientConfig struct {
	accessKeyID, accessKeySecret, securityToken string
	signatureAlgorithm                          string // "v2" selects the legacy RPC signature
}

func defaultClientConfig() clientConfig {
	return clientConfig{accessKeyID: DefaultAccessKeyID, accessKeySecret: DefaultAccessKeySecret}
}

// client is the real official runtime, configured as a user would.
func (e *env) client(t *testing.T, cc clientConfig) *openapi.Client {
	t.Helper()
	cfg := &openapi.Config{
		Endpoint:        dara.String(e.endpoint()),
		Protocol:        dara.String("http"),
		AccessKeyId:     dara.String(cc.accessKeyID),
		AccessKeySecret: dara.String(cc.accessKeySecret),
	}
	if cc.securityToken != "" {
		cfg.SecurityToken = dara.String(cc.securityToken)
	}
	if cc.signatureAlgorithm != "" {
		cfg.SignatureAlgorithm = dara.String(cc.signatureAlgorithm)
	}
	c, err := openapi.NewClient(cfg)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return c
}

type callSpec struct {
	action, version, method string
	query                   map[string]string
	body                    map[string]any
}

func listCerts(jobID string) callSpec {
	return callSpec{query: map[string]string{"JobId": jobID}}
}

// call makes one API call through the official client's CallApiWithCtx, as
// internal/cas does.
func invoke(c *openapi.Client, spec callSpec) (map[string]any, error) {
	params := &openapi.Params{
		Action:      dara.String(firstNonEmpty(spec.action, "ListDeploymentJobCert")),
		Version:     dara.String(firstNonEmpty(spec.version, casVersion)),
		Protocol:    dara.String("HTTP"),
		Pathname:    dara.String("/"),
		Method:      dara.String(firstNonEmpty(spec.method, "POST")),
		AuthType:    dara.String("AK"),
		Style:       dara.String("RPC"),
		ReqBodyType: dara.String("formData"),
		BodyType:    dara.String("json"),
	}
	req := &openapi.OpenApiRequest{}
	if spec.query != nil {
		q := map[string]*string{}
		for k, v := range spec.query {
			q[k] = dara.String(v)
		}
		req.Query = q
	}
	if spec.body != nil {
		req.Body = spec.body
	}
	return c.CallApiWithCtx(context.Background(), params, req, &dara.RuntimeOptions{})
}

// refusedWith extracts status and Code from the official client's error.
func refusedWith(t *testing.T, err error) (int, string) {
	t.Helper()
	// The runtime wraps its ClientError/ServerError into tea's SDKError.
	var se *tea.SDKError
	if errors.As(err, &se) {
		return dara.IntValue(se.StatusCode), dara.StringValue(se.Code)
	}
	t.Fatalf("want an API error from the client, got %T: %v", err, err)
	return 0, ""
}

// served is what the emulator answers now for a fixture job's certificates
// and resources (ListDeploymentJobCert, ListDeploymentJobResource).
func (e *env) served(job string) (certs, resources []json.RawMessage) {
	id, _ := parseJobID(job)
	now, unlock := e.srv.lockAccount()
	defer unlock()
	return e.srv.recordedCertificates(id, now), e.srv.recordedResources(id)
}
