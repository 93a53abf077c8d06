// Package emulator is a local stand-in for Alibaba Cloud's Certificate
// Management Service (CAS, API version 2020-04-07). It verifies request
// signatures the way the real gateway does, answers from a fixture, and
// refuses with the real statuses and error codes, so that an official SDK in
// any language works against it unchanged.
//
// In tests:
//
//	srv, err := emulator.New(emulator.Options{}) // embedded fixture, default credential
//	ts := httptest.NewServer(srv)
//	defer ts.Close()
//	// endpoint: strings.TrimPrefix(ts.URL, "http://"), protocol "http",
//	// AccessKey emulator.DefaultAccessKeyID / emulator.DefaultAccessKeySecret.
//
// Actions are listed in the routes table (actions.go); refusals are checked in
// the order of Server.verify (signature.go).
package emulator

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// The credential a Server accepts when Options.Credentials is empty.
const (
	DefaultAccessKeyID     = "LTAI5tAlicasEmulatorKey"
	DefaultAccessKeySecret = "alicas-emulator-secret" //nolint:gosec // the emulator's published demo key, accepted by nothing real
)

const (
	hostID       = "cas.aliyuncs.com"
	maxBodyBytes = 1 << 20
)

// Credential is an AccessKey pair the emulator accepts. With a SecurityToken
// it stands for STS credentials: requests must then carry that token.
type Credential struct {
	AccessKeyID     string
	AccessKeySecret string
	SecurityToken   string
	Expiration      time.Time // of the SecurityToken; zero means never
	// Actions this identity may call, e.g. {"AssumeRole"} for a RAM user
	// whose only permission is to assume a role; empty allows every action.
	Actions []string
}

// Options configure a Server. The zero value serves the embedded fixture to
// the default credential.
type Options struct {
	Credentials []Credential     // empty => one Credential{DefaultAccessKeyID, DefaultAccessKeySecret}
	Fixture     *Fixture         // nil => DefaultFixture()
	Now         func() time.Time // nil => time.Now; lets tests produce stale timestamps
	Logger      *slog.Logger     // nil => no request log; never given secrets
	// JobsChangePerPage makes the account change while ListDeploymentJob is
	// paged, as when someone creates or deletes jobs meanwhile: page N is
	// answered as if this many jobs had been created (negative: the newest
	// deleted) before each of pages 2..N. Total moves by as much per page and
	// jobs shift across page boundaries, as they do on the service.
	JobsChangePerPage int
	// JobStep is how long each automatic step of a deployment job (and of
	// a rollback) takes; zero means DefaultJobStep. Steps are taken when
	// the account is next looked at, by the Now clock, so a test that
	// advances its own clock drives jobs without waiting.
	JobStep time.Duration
	// HostedZones are the DNS zones the account hosts in Alibaba Cloud DNS:
	// CAS validates names under them by itself. nil means DefaultHostedZones;
	// an empty, non-nil list hosts none.
	HostedZones []string
	// ValidationChecks is how many checks, one per JobStep, an application
	// waits for its validation records before it fails; zero means
	// DefaultValidationChecks.
	ValidationChecks int
	// SyntheticCertificates is how many valid certificates the account
	// holds beside its samples (synthetic_account.go), for load tests and
	// benchmarks; at most MaxSyntheticCertificates.
	SyntheticCertificates int

	// Credential services (credential_services.go, sts.go); each is off unless set.
	Roles                []Role         // STS AssumeRole
	OIDCProviders        []OIDCProvider // STS AssumeRoleWithOIDC
	InstanceRoleName     string         // ECS instance metadata: the RAM role attached to the instance
	CredentialsURIPath   string         // a credentials URI served at this path, e.g. "/credentials"
	CloudSSOAccessTokens []string       // CloudSSO sign-in: access tokens POST /cloud-credentials accepts
	// TemporaryCredentialLifetime overrides how long issued credentials stay
	// valid; zero means as requested (DurationSeconds, else one hour).
	TemporaryCredentialLifetime time.Duration
	Faults                      []Fault // misbehaviour to inject (faults.go); nil => none
}

// Server is the emulated endpoint. It is an http.Handler, safe for
// concurrent use.
type Server struct {
	mu       sync.RWMutex // guards creds and issued: credential services add to them
	creds    map[string]Credential
	issued   []Credential
	services credentialServices
	fixture  *Fixture
	now      func() time.Time
	logger   *slog.Logger
	nonces   *nonceCache
	requests atomic.Int64

	jobsChangePerPage int
	account           *account // what the write side changes; fixture jobs stay as written
	faults            []*faultRule
	counters          counters
}

// New returns a Server for opts.
func New(opts Options) (*Server, error) {
	s := &Server{
		creds:   map[string]Credential{},
		fixture: opts.Fixture,
		now:     opts.Now,
		logger:  opts.Logger,
		nonces:  newNonceCache(maxRememberedNonces),

		jobsChangePerPage: opts.JobsChangePerPage,
	}
	var err error
	if s.faults, err = newFaultRules(opts.Faults); err != nil {
		return nil, fmt.Errorf("emulator: %w", err)
	}
	if s.fixture == nil {
		s.fixture = DefaultFixture()
	} else if err := s.fixture.validate(); err != nil {
		return nil, fmt.Errorf("emulator: fixture: %w", err)
	}
	if s.now == nil {
		s.now = time.Now
	}
	seed, err := defaultSeed()
	if err != nil {
		return nil, fmt.Errorf("emulator: %w", err)
	}
	synthetic, err := syntheticCertificates(opts.SyntheticCertificates, s.now())
	if err != nil {
		return nil, fmt.Errorf("emulator: %w", err)
	}
	seed.certificates = slices.Concat(seed.certificates, synthetic) // the samples' slice is shared
	s.account = newAccount(opts.JobStep, seed)
	if opts.HostedZones != nil {
		s.account.hostedZones = nil
		for _, z := range opts.HostedZones {
			s.account.hostedZones = append(s.account.hostedZones, strings.ToLower(strings.TrimSuffix(strings.TrimSpace(z), ".")))
		}
	}
	if opts.ValidationChecks > 0 {
		s.account.validationChecks = opts.ValidationChecks
	}
	if s.logger == nil {
		s.logger = slog.New(slog.DiscardHandler)
	}
	creds := opts.Credentials
	if len(creds) == 0 {
		creds = []Credential{{AccessKeyID: DefaultAccessKeyID, AccessKeySecret: DefaultAccessKeySecret}}
	}
	for i, c := range creds {
		if c.AccessKeyID == "" || c.AccessKeySecret == "" {
			return nil, fmt.Errorf("emulator: credential %d: AccessKeyID and AccessKeySecret are required", i)
		}
		if _, dup := s.creds[c.AccessKeyID]; dup {
			return nil, fmt.Errorf("emulator: credential %d: AccessKeyID %q given twice", i, c.AccessKeyID)
		}
		s.creds[c.AccessKeyID] = c
	}
	if s.services, err = newCredentialServices(opts); err != nil {
		return nil, fmt.Errorf("emulator: %w", err)
	}
	return s, nil
}

// Requests reports how many requests reached the server, whatever their outcome.
func (s *Server) Requests() int64 { return s.requests.Load() }

// call is one request on its way through the server.
type call struct {
	requestID string
	action    string
	version   string
	params    url.Values // query, then form body parameters the query lacks
}

// incoming is the request as received, which signature verification needs verbatim.
type incoming struct {
	r     *http.Request
	query url.Values
	body  []byte
	form  url.Values
}

// ServeHTTP answers one API call.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.requests.Add(1)
	if s.serveCredentialService(w, r) || s.serveDNS(w, r) {
		return
	}
	c := &call{requestID: newRequestID()}
	v, err := s.handle(r, c)
	f, isFault := v.(*faulty)
	// Counted before answering, so that a client holding its answer (or a
	// cut connection) already finds it in Stats.
	switch {
	case err != nil:
		s.counters.record(asAPIError(err).code)
	case isFault:
		s.counters.record(f.outcome())
	default:
		s.counters.record("")
	}
	status, code := http.StatusOK, ""
	switch {
	case err != nil:
		status, code = s.writeError(w, c.requestID, err)
	case isFault:
		status, code = f.write(w, r, c.requestID)
	default:
		s.writeSuccess(w, c.requestID, v)
	}
	s.logger.Info("request", "action", c.action, "status", status, "code", code, "request_id", c.requestID)
}

func (s *Server) handle(r *http.Request, c *call) (any, error) {
	if (r.Method != http.MethodPost && r.Method != http.MethodGet) || r.URL.Path != "/" {
		return nil, errActionNotFound
	}
	in, err := readIncoming(r)
	if err != nil {
		return nil, err
	}
	c.params = mergeParams(in.query, in.form)
	c.action = firstNonEmpty(r.Header.Get("x-acs-action"), c.params.Get("Action"))
	c.version = firstNonEmpty(r.Header.Get("x-acs-version"), c.params.Get("Version"))
	h, err := lookupRoute(c.version, c.action)
	if err != nil {
		return nil, err
	}
	if !anonymous[route{c.version, c.action}] {
		cred, err := s.authenticate(in)
		if err != nil {
			return nil, err
		}
		if !cred.allows(c.action) {
			return nil, errorf(http.StatusForbidden, "Forbidden.RAM", "User not authorized to operate on the specified resource, or this API doesn't support RAM.")
		}
	}
	return s.applyFaults(r.Context(), c, func() (any, error) {
		v, err := h(s, c)
		if err == nil {
			s.counters.recordCarriedOut(c.action)
		}
		return v, err
	})
}

func readIncoming(r *http.Request) (*incoming, error) {
	in := &incoming{r: r}
	var err error
	if in.query, err = url.ParseQuery(r.URL.RawQuery); err != nil {
		return nil, errorf(http.StatusBadRequest, "InvalidParameter", "The query string is malformed: %v.", err)
	}
	if in.body, err = io.ReadAll(io.LimitReader(r.Body, maxBodyBytes+1)); err != nil {
		return nil, errorf(http.StatusBadRequest, "InvalidParameter", "The request body could not be read.")
	}
	if len(in.body) > maxBodyBytes {
		return nil, errorf(http.StatusRequestEntityTooLarge, "RequestEntityTooLarge", "The request body exceeds %d bytes.", maxBodyBytes)
	}
	// Some SDKs send RPC parameters as a form body instead of the query string.
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "application/x-www-form-urlencoded" {
		if in.form, err = url.ParseQuery(string(in.body)); err != nil {
			return nil, errorf(http.StatusBadRequest, "InvalidParameter", "The form body is malformed: %v.", err)
		}
	}
	return in, nil
}

func mergeParams(query, form url.Values) url.Values {
	params := url.Values{}
	for k, v := range form {
		params[k] = v
	}
	for k, v := range query {
		params[k] = v
	}
	return params
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// apiError is a refusal as the gateway words it.
type apiError struct {
	status  int
	code    string
	message string
	header  http.Header // extra response headers, e.g. rate-limit state
}

func (e *apiError) Error() string { return e.code + ": " + e.message }

func errorf(status int, code, format string, args ...any) *apiError {
	return &apiError{status: status, code: code, message: fmt.Sprintf(format, args...)}
}

var errActionNotFound = errorf(http.StatusNotFound, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.")

type errorBody struct {
	RequestID string `json:"RequestId"`
	HostID    string `json:"HostId"`
	Code      string `json:"Code"`
	Message   string `json:"Message"`
	Recommend string `json:"Recommend"`
}

// writeError is the one place error responses are written.
func (s *Server) writeError(w http.ResponseWriter, requestID string, err error) (status int, code string) {
	ae := asAPIError(err)
	for k, v := range ae.header {
		w.Header()[k] = v
	}
	writeJSON(w, ae.status, requestID, errorBody{
		RequestID: requestID,
		HostID:    hostID,
		Code:      ae.code,
		Message:   ae.message,
		Recommend: "https://api.aliyun.com/troubleshoot?q=" + url.QueryEscape(ae.code) + "&product=cas",
	})
	return ae.status, ae.code
}

// asAPIError is the gateway answer for err: its own, or an InternalError.
func asAPIError(err error) *apiError {
	var ae *apiError
	if !errors.As(err, &ae) {
		ae = errorf(http.StatusInternalServerError, "InternalError", "The request processing has failed due to some unknown error.")
	}
	return ae
}

// writeSuccess is the one place success responses are written. Handlers put
// the RequestId into v themselves, where the API documents it.
func (s *Server) writeSuccess(w http.ResponseWriter, requestID string, v any) {
	writeJSON(w, http.StatusOK, requestID, v)
}

func writeJSON(w http.ResponseWriter, status int, requestID string, v any) {
	body, err := encodeJSON(v)
	if err != nil {
		status = http.StatusInternalServerError
		body = fmt.Appendf(nil, `{"RequestId":%q,"HostId":%q,"Code":"InternalError","Message":"The response could not be encoded."}`, requestID, hostID)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json;charset=utf-8")
	h.Set("x-acs-request-id", requestID)
	w.WriteHeader(status)
	_, _ = w.Write(body) //nolint:gosec // JSON under a JSON content type, never rendered as HTML
}

func encodeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // keep "&" in Recommend and fixture strings as written
	err := enc.Encode(v)
	return buf.Bytes(), err
}

// newRequestID returns a random UUID in the upper-case form the gateway uses.
func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%X-%X-%X-%X-%X", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
