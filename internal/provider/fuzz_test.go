package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aliyun/credentials-go/credentials"
	"github.com/aliyun/credentials-go/credentials/providers"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
)

// FuzzListDeploymentJobCert sends arbitrary answers (status and body) down
// the real path: HTTP on loopback, the signing SDK, the API client's
// decoding and the conversion to Terraform values. Whatever comes, there is
// no panic; a failure is one typed error that renders as a diagnostic; a
// success holds exactly the values the answer sent, checked here against an
// independent reading of the same JSON.
//
// The seed corpus (testdata/fuzz/FuzzListDeploymentJobCert) runs with every
// `go test`; `make fuzz` explores further.
func FuzzListDeploymentJobCert(f *testing.F) {
	f.Add(200, []byte(`{"Data":[{"CertId":11174100,"CertName":"edkog.shop","Sans":["a.example"],"IsTrustee":true,"NotAfterTime":1715161266000}],"RequestId":"R"}`))
	answers := &fuzzAnswers{}
	srv := httptest.NewServer(answers)
	defer srv.Close()
	client := fuzzClient(f, srv.URL)

	f.Fuzz(func(t *testing.T, status int, body []byte) {
		if status < 200 || status > 599 { // keep to what a server or proxy may answer
			status = 200 + abs(status)%400
		}
		job := answers.add(status, body)
		res, err := client.ListDeploymentJobCert(context.Background(), job)
		if err != nil {
			checkFailure(t, status, body, err)
			return
		}
		if status < 200 || status > 299 {
			t.Fatalf("HTTP %d accepted as a success", status)
		}
		v, err := types.ListType{ElemType: certificate.attrType()}.ValueFromTerraform(context.Background(), certificate.listValue(res.Certs))
		list, ok := v.(types.List)
		if err != nil || !ok {
			t.Fatalf("decoded certificates convert to %T, not the schema's list: %v", v, err)
		}
		checkValues(t, body, list)
	})
}

func abs(n int) int {
	if n < 0 {
		return -(n + 1) // no overflow at math.MinInt
	}
	return n
}

// fuzzAnswers serves, for each JobId, the answer registered for it.
type fuzzAnswers struct {
	next    atomic.Int64
	answers sync.Map // job ID -> fuzzAnswer
}

type fuzzAnswer struct {
	status int
	body   []byte
}

func (a *fuzzAnswers) add(status int, body []byte) int64 {
	job := a.next.Add(1)
	a.answers.Store(job, fuzzAnswer{status, body})
	return job
}

func (a *fuzzAnswers) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	job, _ := strconv.ParseInt(r.URL.Query().Get("JobId"), 10, 64)
	v, ok := a.answers.LoadAndDelete(job)
	if !ok {
		http.Error(w, "no answer registered", http.StatusTeapot)
		return
	}
	ans, _ := v.(fuzzAnswer)
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.Header().Set("x-acs-request-id", "FUZZ-REQUEST")
	w.WriteHeader(ans.status)
	_, _ = w.Write(ans.body)
}

func fuzzClient(f *testing.F, url string) *cas.Client {
	p, err := providers.NewStaticAKCredentialsProviderBuilder().WithAccessKeyId("fuzz").WithAccessKeySecret("fuzz").Build()
	if err != nil {
		f.Fatal(err)
	}
	endpoint, err := cas.ParseEndpoint(url)
	if err != nil {
		f.Fatal(err)
	}
	// No retries: each input is one answer. Timeouts only stop a hung run.
	client, err := cas.New(cas.Config{Endpoint: endpoint, Credential: credentials.FromCredentialsProvider("static_ak", p),
		ConnectTimeout: 10 * time.Second, ReadTimeout: 10 * time.Second})
	if err != nil {
		f.Fatal(err)
	}
	return client
}

// checkFailure: a failed read is one of the client's typed errors, carries
// the RequestId the answer had, and renders as a diagnostic.
func checkFailure(t *testing.T, status int, body []byte, err error) {
	var apiErr *cas.APIError
	var respErr *cas.ResponseError
	switch {
	case errors.As(err, &apiErr):
		if apiErr.Code == "" && apiErr.StatusCode < 400 {
			t.Fatalf("an APIError without a Code for HTTP %d: %v", status, err)
		}
	case errors.As(err, &respErr):
		if respErr.RequestID == "" {
			t.Fatalf("the RequestId was lost: %v", err)
		}
	default:
		t.Fatalf("HTTP %d %q: untyped error %T: %v", status, body, err, err)
	}
	if d := apiErrorDiagnostic("Could not read", err); d.Detail() == "" {
		t.Fatalf("empty diagnostic for %v", err)
	}
}

// refCert reads each field of one certificate raw, with the same key
// matching encoding/json applies, so the values can be judged independently.
type refCert struct {
	CertID         json.RawMessage `json:"CertId"`
	OrderID        json.RawMessage `json:"OrderId"`
	CertInstanceID json.RawMessage `json:"CertInstanceId"`
	CertName       json.RawMessage `json:"CertName"`
	CommonName     json.RawMessage `json:"CommonName"`
	Sans           json.RawMessage `json:"Sans"`
	Algorithm      json.RawMessage `json:"Algorithm"`
	NotBeforeTime  json.RawMessage `json:"NotBeforeTime"`
	NotAfterTime   json.RawMessage `json:"NotAfterTime"`
	Month          json.RawMessage `json:"Month"`
	StatusCode     json.RawMessage `json:"StatusCode"`
	CertType       json.RawMessage `json:"CertType"`
	CertOrderType  json.RawMessage `json:"CertOrderType"`
	IsTrustee      json.RawMessage `json:"IsTrustee"`
}

// checkValues compares every value in list with what body says.
func checkValues(t *testing.T, body []byte, list types.List) {
	var top struct {
		Data json.RawMessage `json:"Data"`
		Code json.RawMessage `json:"Code"`
	}
	if err := json.Unmarshal(body, &top); err != nil {
		t.Fatalf("accepted a body that is not JSON: %q", body)
	}
	if code := strings.TrimSpace(string(top.Code)); code != "" && code != "null" && code != `""` {
		t.Fatalf("accepted an answer with Code %s", code)
	}
	var certs []refCert
	if d := strings.TrimSpace(string(top.Data)); d != "null" {
		if err := json.Unmarshal(top.Data, &certs); err != nil {
			t.Fatalf("accepted Data that is not a list of objects: %s", top.Data)
		}
	}
	elems := list.Elements()
	if len(elems) != len(certs) {
		t.Fatalf("%d certificates in state, %d in the answer", len(elems), len(certs))
	}
	for i, c := range certs {
		obj, ok := elems[i].(types.Object)
		if !ok {
			t.Fatalf("certificate %d is a %T", i, elems[i])
		}
		v := obj.Attributes()
		where := func(name string) string { return fmt.Sprintf("Data[%d].%s", i, name) }
		for name, raw := range map[string]json.RawMessage{"cert_id": c.CertID, "order_id": c.OrderID, "month": c.Month,
			"not_before_time": c.NotBeforeTime, "not_after_time": c.NotAfterTime} {
			checkInt(t, where(name), raw, v[name])
		}
		for name, raw := range map[string]json.RawMessage{"cert_instance_id": c.CertInstanceID, "cert_name": c.CertName,
			"common_name": c.CommonName, "algorithm": c.Algorithm, "status_code": c.StatusCode, "cert_type": c.CertType,
			"cert_order_type": c.CertOrderType} {
			checkString(t, where(name), raw, v[name])
		}
		checkBool(t, where("is_trustee"), c.IsTrustee, v["is_trustee"])
		checkSans(t, where("sans"), c.Sans, v["sans"])
		checkInstant(t, where("not_before"), v["not_before_time"], v["not_before"])
		checkInstant(t, where("not_after"), v["not_after_time"], v["not_after"])
	}
}

func isNull(raw json.RawMessage) bool {
	s := strings.TrimSpace(string(raw))
	return s == "" || s == "null"
}

// present converts got to T and reports whether the answer had a value for
// it; an absent or null value must be null in state.
func present[T attr.Value](t *testing.T, where string, raw json.RawMessage, got attr.Value) (T, bool) {
	v, ok := got.(T)
	if !ok {
		t.Fatalf("%s is a %T", where, got)
	}
	if isNull(raw) {
		if !v.IsNull() {
			t.Fatalf("%s absent, state has %s", where, v)
		}
		return v, false
	}
	return v, true
}

// unquoted is raw's text, from inside the quotes when it is a JSON string.
func unquoted(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return strings.TrimSpace(s)
	}
	return strings.TrimSpace(string(raw))
}

var plainInteger = regexp.MustCompile(`^-?(0|[1-9][0-9]*)$`)

// checkInt: a plain integer, bare or quoted, is exact; a value that is no
// number at all cannot have been accepted.
func checkInt(t *testing.T, where string, raw json.RawMessage, got attr.Value) {
	n, ok := present[types.Int64](t, where, raw, got)
	if !ok {
		return
	}
	text := unquoted(raw)
	if _, err := strconv.ParseFloat(text, 64); err != nil && !plainInteger.MatchString(text) {
		t.Fatalf("%s = %s is not a number, yet state has %s", where, raw, n)
	}
	if want, err := strconv.ParseInt(text, 10, 64); err == nil && plainInteger.MatchString(text) && n.ValueInt64() != want {
		t.Fatalf("%s = %s, state has %d", where, raw, n.ValueInt64())
	}
}

// checkString: a JSON string is kept exactly; a number keeps its digits;
// anything else cannot have been accepted.
func checkString(t *testing.T, where string, raw json.RawMessage, got attr.Value) {
	s, ok := present[types.String](t, where, raw, got)
	if !ok {
		return
	}
	var want string
	if err := json.Unmarshal(raw, &want); err != nil {
		want = strings.TrimSpace(string(raw))
		if _, err := strconv.ParseFloat(want, 64); err != nil {
			t.Fatalf("%s = %s is neither string nor number, yet state has %s", where, raw, s)
		}
	}
	if s.ValueString() != want {
		t.Fatalf("%s = %s, state has %q", where, raw, s.ValueString())
	}
}

// checkBool: true or false, bare or quoted, in any case.
func checkBool(t *testing.T, where string, raw json.RawMessage, got attr.Value) {
	b, ok := present[types.Bool](t, where, raw, got)
	if !ok {
		return
	}
	switch want := strings.ToLower(unquoted(raw)); {
	case want != "true" && want != "false":
		t.Fatalf("%s = %s is not a boolean, yet state has %s", where, raw, b)
	case b.ValueBool() != (want == "true"):
		t.Fatalf("%s = %s, state has %s", where, raw, b)
	}
}

func checkSans(t *testing.T, where string, raw json.RawMessage, got attr.Value) {
	l, ok := present[types.List](t, where, raw, got)
	if !ok {
		return
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		t.Fatalf("%s = %s is not a list, yet state has %s", where, raw, l)
	}
	if len(items) != len(l.Elements()) {
		t.Fatalf("%s has %d names, state %d", where, len(items), len(l.Elements()))
	}
	for i, item := range items {
		if isNull(item) {
			// A null name decodes as "" inside a list; it must not vanish or shift the others.
			if s, _ := l.Elements()[i].(types.String); s.ValueString() != "" {
				t.Fatalf("%s[%d] = null, state has %s", where, i, s)
			}
			continue
		}
		checkString(t, fmt.Sprintf("%s[%d]", where, i), item, l.Elements()[i])
	}
}

// checkInstant: the RFC 3339 form is the raw timestamp, read as seconds
// below 1e11 and as milliseconds from there.
func checkInstant(t *testing.T, where string, rawValue, got attr.Value) {
	raw, _ := rawValue.(types.Int64)
	s, ok := got.(types.String)
	if !ok {
		t.Fatalf("%s is a %T", where, got)
	}
	if raw.IsNull() != s.IsNull() {
		t.Fatalf("%s = %s for a raw timestamp %s", where, s, raw)
	}
	if raw.IsNull() {
		return
	}
	ts, err := time.Parse(time.RFC3339Nano, s.ValueString())
	if err != nil {
		// Years beyond 9999 have no RFC 3339 form: Go writes them anyway.
		if !bytes.Contains([]byte(s.ValueString()), []byte("-")) {
			t.Fatalf("%s = %q is not a timestamp", where, s.ValueString())
		}
		return
	}
	n := raw.ValueInt64()
	if n > -1e11 && n < 1e11 {
		if ts.Unix() != n || ts.Nanosecond() != 0 {
			t.Fatalf("%s = %s for %d seconds", where, s.ValueString(), n)
		}
	} else if ts.UnixMilli() != n || ts.Nanosecond()%1e6 != 0 {
		t.Fatalf("%s = %s for %d milliseconds", where, s.ValueString(), n)
	}
}
