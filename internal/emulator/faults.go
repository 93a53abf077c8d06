package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Faults make the emulator misbehave the way overloaded services, flaky
// networks and odd proxies do, so that clients can be tested against them.
// They are kept apart from the fixture: the fixture says what the service
// knows, faults say how badly it answers.
//
// A fault file is JSON: {"faults": [rule, ...]}. For each request, after
// its signature has been verified, the rules are tried in order. A latency
// rule delays the answer and lets later rules apply; a qps rule throttles
// only requests over its ceiling; the first other rule that applies decides
// the answer. Example:
//
//	{"faults": [
//	  {"latency": "20ms"},
//	  {"qps": 5},
//	  {"jobs": [9999], "times": 2, "fail": {"code": "ServiceUnavailable"}},
//	  {"jobs": [7777], "body": "<html><body>502 Bad Gateway</body></html>", "status": 502},
//	  {"action": "CreateDeploymentJob", "times": 1, "drop": true, "after": true}
//	]}
//
// A rule with a chance applies to each request it matches with that
// probability, drawn from its own generator seeded by its seed and its
// place in the list: the same requests, sent one after another, meet the
// same faults on every run. A rule that does not apply lets later rules be
// tried, so chances chain: this chaos file fails a fifth of all calls
// (1-(1-0.0436)^5 = 0.2) in five ways, a write whose answer is lost, a
// connection reset before any answer, a 503, throttling, and a 500 after
// the write; Chaos builds such rules.
//
//	{"faults": [
//	  {"chance": 0.0436, "seed": 1, "drop": true, "after": true},
//	  {"chance": 0.0436, "seed": 1, "drop": true},
//	  {"chance": 0.0436, "seed": 1, "fail": {"code": "ServiceUnavailable"}},
//	  {"chance": 0.0436, "seed": 1, "fail": {"code": "Throttling.User", "time_left": "200ms"}},
//	  {"chance": 0.0436, "seed": 1, "fail": {"code": "InternalError"}, "after": true}
//	]}

// Fault is one rule: which requests it applies to, and exactly one effect.
type Fault struct {
	// Which requests: every one unless narrowed.
	Action string  `json:"action,omitempty"` // e.g. "ListDeploymentJobCert"
	Jobs   []int64 `json:"jobs,omitempty"`   // JobId values
	// Times limits the rule to the first N requests it matches (for each
	// job separately with PerJob); 0 means every one.
	Times  int  `json:"times,omitempty"`
	PerJob bool `json:"per_job,omitempty"`
	// Chance, when above 0, applies the rule to each request it matches
	// with this probability (at most 1); Times then counts only the
	// requests it applied to. Seed starts the rule's random draws.
	Chance float64 `json:"chance,omitempty"`
	Seed   uint64  `json:"seed,omitempty"`

	// Latency waits this long before answering.
	Latency Duration `json:"latency,omitempty"`
	// QPS answers Throttling.User (HTTP 400, with the gateway's
	// x-ratelimit-user headers) to requests beyond this many per second.
	QPS int `json:"qps,omitempty"`
	// Fail answers this API error instead.
	Fail *Failure `json:"fail,omitempty"`
	// Drop closes the connection without answering.
	Drop bool `json:"drop,omitempty"`
	// After, with Fail or Drop, first carries the action out (creates the
	// job, stores the upload), then answers the failure or drops the
	// connection: a write whose outcome the client cannot know. Without
	// it, Fail and Drop leave the account as it was.
	After bool `json:"after,omitempty"`
	// Truncate sends the real answer's headers and only its first N bytes,
	// then closes the connection.
	Truncate *int `json:"truncate,omitempty"`
	// Body answers exactly this text instead, with Status (default 200):
	// malformed JSON, a proxy's HTML page, an odd shape.
	Body   *string `json:"body,omitempty"`
	Status int     `json:"status,omitempty"`
	// SlowBody sends the headers and half the answer, then waits this long
	// before the rest.
	SlowBody Duration `json:"slow_body,omitempty"`
}

// Failure is an API error a Fault answers with.
type Failure struct {
	Code    string `json:"code"`
	Status  int    `json:"status,omitempty"`  // default: 503 for ServiceUnavailable*, 500 for InternalError, else 400
	Message string `json:"message,omitempty"` // default: a generic message
	// TimeLeft, when set, is sent in x-ratelimit-user headers as the
	// gateway does when it throttles.
	TimeLeft Duration `json:"time_left,omitempty"`
}

// Duration is a time.Duration written as a string such as "250ms" in JSON.
type Duration time.Duration

func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("want a duration such as \"250ms\", got %s", b)
	}
	v, err := time.ParseDuration(s)
	if err != nil || v < 0 {
		return fmt.Errorf("want a non-negative duration such as \"250ms\", got %q", s)
	}
	*d = Duration(v)
	return nil
}

func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

// LoadFaults reads and validates a fault file.
func LoadFaults(path string) ([]Fault, error) {
	data, err := os.ReadFile(path) //nolint:gosec // the fault file the operator named is the one to read
	if err != nil {
		return nil, fmt.Errorf("faults %s: %w", path, err)
	}
	faults, err := ParseFaults(data)
	if err != nil {
		return nil, fmt.Errorf("faults %s: %w", path, err)
	}
	return faults, nil
}

// ParseFaults decodes and validates fault JSON: {"faults": [...]}.
func ParseFaults(data []byte) ([]Fault, error) {
	var top struct {
		Faults []Fault `json:"faults"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields() // a misspelt effect must not silently do nothing
	if err := dec.Decode(&top); err != nil {
		return nil, fmt.Errorf("invalid JSON: %w", err)
	}
	if dec.More() {
		return nil, errors.New("invalid JSON: unexpected data after the top-level object")
	}
	if top.Faults == nil {
		return nil, errors.New(`missing "faults" list`)
	}
	if _, err := newFaultRules(top.Faults); err != nil {
		return nil, err
	}
	return top.Faults, nil
}

// faultRule is a Fault with the state it needs while serving.
type faultRule struct {
	Fault
	mu     sync.Mutex
	used   map[int64]int // requests affected, by job (0 when not per job)
	rand   *rand.Rand    // chance: draws of this rule alone
	window time.Time     // qps: the second being counted
	count  int           // qps: requests let through in window
}

func newFaultRules(faults []Fault) ([]*faultRule, error) {
	rules := make([]*faultRule, len(faults))
	for i, f := range faults {
		if err := f.validate(); err != nil {
			return nil, fmt.Errorf("fault %d: %w", i, err)
		}
		rules[i] = &faultRule{Fault: f, used: map[int64]int{}, rand: rand.New(rand.NewPCG(f.Seed, uint64(i)))} //nolint:gosec // reproducible faults, not secrets
	}
	return rules, nil
}

func (f Fault) validate() error {
	effects := 0
	for _, set := range []bool{f.Latency > 0, f.QPS != 0, f.Fail != nil, f.Drop, f.Truncate != nil, f.Body != nil, f.SlowBody > 0} {
		if set {
			effects++
		}
	}
	switch {
	case effects != 1:
		return errors.New("give exactly one of latency, qps, fail, drop, truncate, body, slow_body")
	case f.Times < 0:
		return errors.New("times must be 0 (every request) or more")
	case f.PerJob && f.Times == 0:
		return errors.New("per_job needs times")
	case f.QPS < 0:
		return errors.New("qps must be positive")
	case f.QPS > 0 && f.Times != 0:
		return errors.New("qps is a ceiling: times does not apply")
	case math.IsNaN(f.Chance) || f.Chance < 0 || f.Chance > 1:
		return errors.New("chance must be a probability, above 0 and at most 1 (0: every request)")
	case f.QPS > 0 && f.Chance != 0:
		return errors.New("qps is a ceiling: chance does not apply")
	case f.Seed != 0 && f.Chance == 0:
		return errors.New("seed applies only with chance")
	case f.Fail != nil && f.Fail.Code == "":
		return errors.New("fail needs a code, e.g. ServiceUnavailable")
	case f.Fail != nil && f.Fail.Status != 0 && (f.Fail.Status < 400 || f.Fail.Status > 599):
		return errors.New("fail.status must be an HTTP error status (400-599)")
	case f.After && f.Fail == nil && !f.Drop:
		return errors.New("after applies only with fail or drop")
	case f.Truncate != nil && *f.Truncate < 0:
		return errors.New("truncate must be a byte count, 0 or more")
	case f.Status != 0 && f.Body == nil:
		return errors.New("status applies only with body")
	case f.Status != 0 && (f.Status < 100 || f.Status > 999):
		return errors.New("status must be an HTTP status")
	}
	for _, j := range f.Jobs {
		if j <= 0 {
			return fmt.Errorf("jobs: %d is not a job ID", j)
		}
	}
	return nil
}

// matches reports whether the rule is aimed at this call, ignoring Times.
func (f *faultRule) matches(c *call) (job int64, ok bool) {
	if f.Action != "" && f.Action != c.action {
		return 0, false
	}
	job, _ = strconv.ParseInt(c.params.Get("JobId"), 10, 64)
	if len(f.Jobs) > 0 && !containsJob(f.Jobs, job) {
		return 0, false
	}
	return job, true
}

func containsJob(jobs []int64, job int64) bool {
	for _, j := range jobs {
		if j == job {
			return true
		}
	}
	return false
}

// take reports whether the rule affects this request, counting it if so.
// Once Times is used up no more draws are taken.
func (f *faultRule) take(job int64) bool {
	if f.Times == 0 && f.Chance == 0 {
		return true
	}
	if !f.PerJob {
		job = 0
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.Times > 0 && f.used[job] >= f.Times {
		return false
	}
	if f.Chance > 0 && f.rand.Float64() >= f.Chance {
		return false
	}
	f.used[job]++
	return true
}

// throttle counts the request against the qps ceiling and says how long
// until the next second opens, or zero if the request may pass.
func (f *faultRule) throttle(now time.Time) time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	if w := now.Truncate(time.Second); !w.Equal(f.window) {
		f.window, f.count = w, 0
	}
	if f.count < f.QPS {
		f.count++
		return 0
	}
	return f.window.Add(time.Second).Sub(now)
}

// faulty is an answer a fault shapes at the HTTP level; ServeHTTP writes it.
type faulty struct {
	rule  *faultRule
	inner any // the real answer, for truncate and slow_body
}

// applyFaults runs the rules for an authenticated call, then answer (the
// action's handler) unless a rule decides otherwise.
func (s *Server) applyFaults(ctx context.Context, c *call, answer func() (any, error)) (any, error) {
	for _, f := range s.faults {
		job, ok := f.matches(c)
		if !ok {
			continue
		}
		if f.QPS > 0 {
			if wait := f.throttle(s.now()); wait > 0 {
				return nil, throttled(f.QPS, wait)
			}
			continue
		}
		if !f.take(job) {
			continue
		}
		switch {
		case f.Latency > 0:
			if sleepCtx(ctx, time.Duration(f.Latency)) != nil {
				return nil, errClientGone
			}
		case f.After:
			if _, err := answer(); err != nil {
				return nil, err // refused: nothing was carried out, so the refusal is the answer
			}
			if f.Fail != nil {
				return nil, f.Fail.apiError()
			}
			return &faulty{rule: f}, nil
		case f.Fail != nil:
			return nil, f.Fail.apiError()
		case f.Truncate != nil, f.SlowBody > 0:
			v, err := answer()
			if err != nil {
				return nil, err
			}
			return &faulty{rule: f, inner: v}, nil
		default: // drop, body
			return &faulty{rule: f}, nil
		}
	}
	return answer()
}

// errClientGone answers a request whose client left while it was delayed
// (nginx's 499), so that the counters tell it apart from real answers.
var errClientGone = errorf(499, "ClientClosedRequest", "The client closed the connection before the answer.")

func throttled(qps int, wait time.Duration) *apiError {
	ae := errorf(http.StatusBadRequest, "Throttling.User", "Request was denied due to user flow control.")
	ae.header = rateLimitHeader(qps, wait)
	return ae
}

// rateLimitHeader is what the gateway sends with a throttled answer:
// "Limit:5,Remain:0,TimeLeft:800" (milliseconds until the quota refills).
func rateLimitHeader(limit int, wait time.Duration) http.Header {
	ms := max(wait.Milliseconds(), 1)
	v := fmt.Sprintf("Limit:%d,Remain:0,TimeLeft:%d", limit, ms)
	return http.Header{"X-Ratelimit-User": {v}, "X-Ratelimit-User-Api": {v}}
}

func (f *Failure) apiError() *apiError {
	status := f.Status
	if status == 0 {
		switch {
		case strings.HasPrefix(f.Code, "ServiceUnavailable"):
			status = http.StatusServiceUnavailable
		case f.Code == "InternalError":
			status = http.StatusInternalServerError
		default:
			status = http.StatusBadRequest
		}
	}
	msg := f.Message
	if msg == "" {
		msg = "Fault injected by the emulator."
	}
	ae := errorf(status, f.Code, "%s", msg)
	if f.TimeLeft > 0 {
		ae.header = rateLimitHeader(1, time.Duration(f.TimeLeft))
	}
	return ae
}

// outcome names the fault, as Stats counts it.
func (a *faulty) outcome() string {
	switch f := a.rule; {
	case f.Drop:
		return "fault:drop"
	case f.Body != nil:
		return "fault:body"
	case f.Truncate != nil:
		return "fault:truncate"
	}
	return "fault:slow_body"
}

// write sends the shaped answer and names the fault for the request log.
func (a *faulty) write(w http.ResponseWriter, r *http.Request, requestID string) (status int, code string) {
	f := a.rule
	switch {
	case f.Drop:
		closeConnection(w)
		return 0, "fault:drop"
	case f.Body != nil:
		status = f.Status
		if status == 0 {
			status = http.StatusOK
		}
		writeRaw(w, status, requestID, []byte(*f.Body), len(*f.Body))
		return status, "fault:body"
	}
	body, err := encodeJSON(a.inner)
	if err != nil {
		closeConnection(w)
		return 0, "fault:encode"
	}
	if f.Truncate != nil {
		n := min(*f.Truncate, len(body))
		writeRaw(w, http.StatusOK, requestID, body[:n], len(body))
		closeConnection(w)
		return http.StatusOK, "fault:truncate"
	}
	half := len(body) / 2
	writeRaw(w, http.StatusOK, requestID, body[:half], len(body))
	if err := sleepCtx(r.Context(), time.Duration(f.SlowBody)); err != nil {
		return http.StatusOK, "fault:slow_body"
	}
	_, _ = w.Write(body[half:]) //nolint:gosec // test answers for API clients, never rendered as HTML
	return http.StatusOK, "fault:slow_body"
}

// writeRaw sends headers declaring length bytes of JSON, then body, flushed.
func writeRaw(w http.ResponseWriter, status int, requestID string, body []byte, length int) {
	h := w.Header()
	h.Set("Content-Type", "application/json;charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(length))
	h.Set("x-acs-request-id", requestID)
	w.WriteHeader(status)
	_, _ = w.Write(body) //nolint:gosec // test answers for API clients, never rendered as HTML
	if fl, ok := w.(http.Flusher); ok {
		fl.Flush()
	}
}

// closeConnection ends the TCP connection under the request, mid-answer or
// before any.
func closeConnection(w http.ResponseWriter) {
	if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
		_ = conn.Close()
	} else {
		panic(http.ErrAbortHandler) // HTTP/2: aborting is how a handler drops the stream
	}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
