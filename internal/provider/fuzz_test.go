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
// independent reading of the same JSON, but for values that cannot be read
// as their field means: those are null, and reported as odd (with "" where a
// number or flag goes null without a report).
//
// The seed corpus (testdata/fuzz/FuzzListDeploymentJobCert) runs with every
// `go test`; `make fuzz` explores further.
func FuzzListDeploymentJobCert(f *testing.F) {
	f.Add(200, []byte(`{"Data":[{"CertId":11174100,"CertName":"edkog.shop","Sans":["a.example"],"IsTrustee":true,"NotAfterTime":1715161266000}],"RequestId":"R"}`))
	f.Add(200, []byte(`{"Data":[{"CertId":1,"NotBeforeTime":"","NotAfterTime":"2026-05-20 07:02:11","IsTrustee":2,"certid":"x"}]}`))
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
		v, err := types.ListType{ElemType: jobCertificate.attrType()}.ValueFromTerraform(context.Background(), jobCertificate.listValue(res.Certs))
		list, ok := v.(types.List)
		if err != nil || !ok {
			t.Fatalf("decoded certificates convert to %T, not the schema's list: %v", v, err)
		}
		checkValues(t, body, res.Certs, list)
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

// checkValues compares every value in list with what body says; certs are
// the decoded certificates, which report their odd values.
func checkValues(t *testing.T, body []byte, certs []cas.DeploymentJobCert, list types.List) {
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
	var refs []refCert
	if d := strings.TrimSpace(string(top.Data)); d != "null" {
		if err := json.Unmarshal(top.Data, &refs); err != nil {
			t.Fatalf("accepted Data that is not a list of objects: %s", top.Data)
		}
	}
	elems := list.Elements()
	if len(elems) != len(refs) {
		t.Fatalf("%d certificates in state, %d in the answer", len(elems), len(refs))
	}
	for i, c := range refs {
		obj, ok := elems[i].(types.Object)
		if !ok {
			t.Fatalf("certificate %d is a %T", i, elems[i])
		}
		v := obj.Attributes()
		odd := map[string]bool{}
		for _, o := range certs[i].Odd() {
			odd[strings.ToLower(o.Field)] = true
		}
		check := func(name, jsonName string) stateField {
			f := stateField{where: fmt.Sprintf("Data[%d].%s", i, name), got: v[name], odd: odd[strings.ToLower(jsonName)]}
			delete(odd, strings.ToLower(jsonName))
			return f
		}
		for _, f := range []struct {
			name, jsonName string
			raw            json.RawMessage
		}{{"cert_id", "CertId", c.CertID}, {"order_id", "OrderId", c.OrderID}, {"month", "Month", c.Month},
			{"not_before_time", "NotBeforeTime", c.NotBeforeTime}, {"not_after_time", "NotAfterTime", c.NotAfterTime}} {
			checkInt(t, check(f.name, f.jsonName), f.raw)
		}
		for _, f := range []struct {
			name, jsonName string
			raw            json.RawMessage
		}{{"cert_instance_id", "CertInstanceId", c.CertInstanceID}, {"cert_name", "CertName", c.CertName},
			{"common_name", "CommonName", c.CommonName}, {"algorithm", "Algorithm", c.Algorithm}, {"status_code", "StatusCode", c.StatusCode},
			{"cert_type", "CertType", c.CertType}, {"cert_order_type", "CertOrderType", c.CertOrderType}} {
			checkString(t, check(f.name, f.jsonName), f.raw)
		}
		checkBool(t, check("is_trustee", "IsTrustee"), c.IsTrustee)
		checkSans(t, check("sans", "Sans"), c.Sans)
		checkInstant(t, fmt.Sprintf("Data[%d].not_before", i), v["not_before_time"], v["not_before"])
		checkInstant(t, fmt.Sprintf("Data[%d].not_after", i), v["not_after_time"], v["not_after"])
		if len(odd) > 0 {
			t.Fatalf("Data[%d]: odd values reported for fields it does not have: %v", i, certs[i].Odd())
		}
	}
}

// field is one attribute in state: where it is, its value, and whether the
// decoded item reported the answer's value for it as odd.
type stateField struct {
	where string
	got   attr.Value
	odd   bool
}

func isNull(raw json.RawMessage) bool {
	s := strings.TrimSpace(string(raw))
	return s == "" || s == "null"
}

// present converts got to T and reports whether it holds a value to
// compare with raw. An absent or null value must be null in state; so must
// an odd one, which readable (is raw a value of the field's kind?) must deny.
// A value that is neither may be null only when empty is true: "" where a
// number or flag goes.
func present[T attr.Value](t *testing.T, f stateField, raw json.RawMessage, readable, empty bool) (T, bool) {
	v, ok := f.got.(T)
	if !ok {
		t.Fatalf("%s is a %T", f.where, f.got)
	}
	switch {
	case isNull(raw) || f.odd:
		if !v.IsNull() {
			t.Fatalf("%s = %s (odd: %t), state has %s", f.where, raw, f.odd, v)
		}
		if f.odd && readable {
			t.Fatalf("%s = %s is readable, yet reported odd", f.where, raw)
		}
		return v, false
	case v.IsNull() && !empty:
		t.Fatalf("%s = %s, state has null and no odd value was reported", f.where, raw)
	}
	return v, !v.IsNull()
}

// unquoted is raw's text, from inside the quotes when it is a JSON string.
func unquoted(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return strings.TrimSpace(s)
	}
	return strings.TrimSpace(string(raw))
}

// emptyText is a JSON string holding nothing but spaces.
func emptyText(raw json.RawMessage) bool {
	var s string
	return json.Unmarshal(raw, &s) == nil && strings.TrimSpace(s) == ""
}

var plainInteger = regexp.MustCompile(`^-?(0|[1-9][0-9]*)$`)

// checkInt: a plain integer in range, bare or quoted, is exact; a value that
// is no number at all cannot have been accepted.
func checkInt(t *testing.T, f stateField, raw json.RawMessage) {
	text := unquoted(raw)
	want, err := strconv.ParseInt(text, 10, 64)
	exact := err == nil && plainInteger.MatchString(text)
	n, ok := present[types.Int64](t, f, raw, exact && !escaped(raw), emptyText(raw))
	if !ok {
		return
	}
	if _, err := strconv.ParseFloat(text, 64); err != nil && !plainInteger.MatchString(text) {
		t.Fatalf("%s = %s is not a number, yet state has %s", f.where, raw, n)
	}
	if exact && n.ValueInt64() != want {
		t.Fatalf("%s = %s, state has %d", f.where, raw, n.ValueInt64())
	}
}

// checkString: a JSON string is kept exactly; a number keeps its digits;
// anything else cannot have been accepted.
func checkString(t *testing.T, f stateField, raw json.RawMessage) {
	var want string
	isString := json.Unmarshal(raw, &want) == nil
	if !isString {
		want = strings.TrimSpace(string(raw))
	}
	_, numErr := strconv.ParseFloat(want, 64)
	s, ok := present[types.String](t, f, raw, isString || numErr == nil, false)
	if !ok {
		return
	}
	if !isString && numErr != nil {
		t.Fatalf("%s = %s is neither string nor number, yet state has %s", f.where, raw, s)
	}
	if s.ValueString() != want {
		t.Fatalf("%s = %s, state has %q", f.where, raw, s.ValueString())
	}
}

// checkBool: true or false (or 1 or 0), bare or quoted, in any case.
func checkBool(t *testing.T, f stateField, raw json.RawMessage) {
	want := strings.ToLower(unquoted(raw))
	readable := want == "true" || want == "false" || want == "1" || want == "0"
	b, ok := present[types.Bool](t, f, raw, readable && !escaped(raw), emptyText(raw))
	if !ok {
		return
	}
	if !readable {
		t.Fatalf("%s = %s is not a boolean, yet state has %s", f.where, raw, b)
	}
	if b.ValueBool() != (want == "true" || want == "1") {
		t.Fatalf("%s = %s, state has %s", f.where, raw, b)
	}
}

// escaped: the API layer reads numbers and flags from the bytes as sent,
// so one spelled with JSON escapes ("\u0031") may be odd to it.
func escaped(raw json.RawMessage) bool { return bytes.Contains(raw, []byte(`\`)) }

func checkSans(t *testing.T, f stateField, raw json.RawMessage) {
	var items []json.RawMessage
	isList := json.Unmarshal(raw, &items) == nil
	readable := isList
	for _, item := range items {
		var s string
		_, numErr := strconv.ParseFloat(strings.TrimSpace(string(item)), 64)
		readable = readable && (isNull(item) || json.Unmarshal(item, &s) == nil || numErr == nil)
	}
	l, ok := present[types.List](t, f, raw, readable, false)
	if !ok {
		return
	}
	if !isList {
		t.Fatalf("%s = %s is not a list, yet state has %s", f.where, raw, l)
	}
	if len(items) != len(l.Elements()) {
		t.Fatalf("%s has %d names, state %d", f.where, len(items), len(l.Elements()))
	}
	for i, item := range items {
		where := fmt.Sprintf("%s[%d]", f.where, i)
		if isNull(item) {
			// A null name decodes as "" inside a list; it must not vanish or shift the others.
			if s, _ := l.Elements()[i].(types.String); s.ValueString() != "" {
				t.Fatalf("%s = null, state has %s", where, s)
			}
			continue
		}
		checkString(t, stateField{where: where, got: l.Elements()[i]}, item)
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
