package cas

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestInt64Decoding(t *testing.T) {
	cases := []struct {
		in      string
		want    int64
		wantErr bool
	}{
		{`11174100`, 11174100, false},
		{`"11174100"`, 11174100, false},
		{`9007199254740993`, 9007199254740993, false}, // 2^53+1: lost by float64
		{`"9223372036854775807"`, 9223372036854775807, false},
		{`1.683625266108E12`, 1683625266108, false},
		{`-5`, -5, false},
		{`1.5`, 0, true},
		{`"abc"`, 0, true},
		{`true`, 0, true},
		{`9223372036854775808`, 0, true},
	}
	for _, c := range cases {
		var v Int64
		err := json.Unmarshal([]byte(c.in), &v)
		if (err != nil) != c.wantErr {
			t.Errorf("%s: err = %v, want error %v", c.in, err, c.wantErr)
			continue
		}
		if !c.wantErr && int64(v) != c.want {
			t.Errorf("%s: got %d, want %d", c.in, v, c.want)
		}
	}
}

func TestBoolAndStringDecoding(t *testing.T) {
	var s struct {
		A, B, C *Bool
		D, E    *String
		F       *Int64
	}
	in := `{"A": true, "B": "false", "C": null, "D": "édkog.shop", "E": 42}`
	if err := json.Unmarshal([]byte(in), &s); err != nil {
		t.Fatal(err)
	}
	if s.A == nil || !bool(*s.A) || s.B == nil || bool(*s.B) || s.C != nil {
		t.Errorf("bools: %v %v %v", s.A, s.B, s.C)
	}
	if s.D == nil || *s.D != "édkog.shop" || s.E == nil || *s.E != "42" || s.F != nil {
		t.Errorf("strings: %v %v, absent int %v", s.D, s.E, s.F)
	}
	var b Bool
	if err := json.Unmarshal([]byte(`"yes"`), &b); err == nil {
		t.Error(`"yes" decoded as a Bool`)
	}
}

func TestInstant(t *testing.T) {
	cases := map[int64]string{
		1683625266108: "2023-05-09T09:41:06.108Z", // milliseconds, as the API sends
		1683625266:    "2023-05-09T09:41:06Z",     // seconds, as the API documents
		0:             "1970-01-01T00:00:00Z",
		99999999999:   "5138-11-16T09:46:39Z", // just below the cut-off: seconds
		100000000000:  "1973-03-03T09:46:40Z", // at the cut-off: milliseconds
	}
	for raw, want := range cases {
		if got := Instant(raw).Format(time.RFC3339Nano); got != want {
			t.Errorf("Instant(%d) = %s, want %s", raw, got, want)
		}
	}
}

func TestParseEndpoint(t *testing.T) {
	cases := []struct {
		in, want string
		loopback bool
		wantErr  string
	}{
		{in: "cas.aliyuncs.com", want: "https://cas.aliyuncs.com"},
		{in: "https://cas.ap-southeast-1.aliyuncs.com/", want: "https://cas.ap-southeast-1.aliyuncs.com"},
		{in: "http://127.0.0.1:8735", want: "http://127.0.0.1:8735", loopback: true},
		{in: "HTTP://localhost:1", want: "http://localhost:1", loopback: true},
		{in: "http://[::1]:8735", want: "http://[::1]:8735", loopback: true},
		{in: "", wantErr: "empty"},
		{in: "ftp://x", wantErr: "scheme must be https or http"},
		{in: "https://cas.aliyuncs.com/v1", wantErr: "without path"},
		{in: "https://", wantErr: "no host"},
	}
	for _, c := range cases {
		got, err := ParseEndpoint(c.in)
		if c.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("ParseEndpoint(%q) err = %v, want %q", c.in, err, c.wantErr)
			}
			continue
		}
		if err != nil || got.String() != c.want || got.IsLoopback() != c.loopback {
			t.Errorf("ParseEndpoint(%q) = %s loopback=%v, %v; want %s loopback=%v", c.in, got, got.IsLoopback(), err, c.want, c.loopback)
		}
	}
}

// TestDecodeListDeploymentJobCert covers every shape of answer body: each
// gives the right certificates or one error that says what is wrong.
func TestDecodeListDeploymentJobCert(t *testing.T) {
	cases := []struct {
		name    string
		body    string
		certs   int
		wantErr string // substring; empty means success
		apiCode string // when the error is an *APIError
	}{
		{name: "documented sample", body: `{"Data":[{"CertId":11174100,"CertName":"edkog.shop","Sans":["aliyundoc.com"],"IsTrustee":true}],"RequestId":"R1"}`, certs: 1},
		{name: "empty list", body: `{"Data":[],"RequestId":"R1"}`, certs: 0},
		{name: "null Data is an empty list", body: `{"Data":null,"RequestId":"R1"}`, certs: 0},
		{name: "unknown extra fields ignored", body: `{"Data":[{"CertId":1,"Brand":"x"}],"RequestId":"R1","Extra":{}}`, certs: 1},
		{name: "numbers and booleans as strings", body: `{"Data":[{"CertId":"7","IsTrustee":"true","NotAfterTime":"1683625266108"}],"RequestId":"R1"}`, certs: 1},
		{name: "missing Data", body: `{"RequestId":"R1"}`, wantErr: "has no Data field"},
		{name: "Data not a list", body: `{"Data":{"CertId":1},"RequestId":"R1"}`, wantErr: "Data is not a list"},
		{name: "null element", body: `{"Data":[{"CertId":1},null],"RequestId":"R1"}`, wantErr: "Data[1] is null"},
		{name: "an odd value is absent", body: `{"Data":[{"CertId":1},{"CertId":2,"NotAfterTime":1.5}],"RequestId":"R1"}`, certs: 2},
		{name: "an item that is not an object", body: `{"Data":[{"CertId":1},7],"RequestId":"R1"}`, wantErr: "Data[1]: got JSON number"},
		{name: "empty body", body: ``, wantErr: "body is empty"},
		{name: "truncated JSON", body: `{"Data":[{"CertId":1`, wantErr: "truncated"},
		{name: "not JSON", body: `<html>502 Bad Gateway</html>`, wantErr: "not a JSON object"},
		{name: "200 with an error payload", body: `{"Code":"InternalError","Message":"oops","RequestId":"R9"}`, wantErr: "InternalError", apiCode: "InternalError"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			raw := rawResponse{status: 200, requestID: "HDR", body: []byte(c.body)}
			var body listBody
			err := decode("ListDeploymentJobCert", raw, &body)
			var certs []DeploymentJobCert
			if err == nil {
				certs, err = decodeList[DeploymentJobCert]("ListDeploymentJobCert", raw, "Data", body.Data, body.RequestID)
			}
			if c.wantErr == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				if certs == nil || len(certs) != c.certs {
					t.Fatalf("got %d certs (nil=%v), want %d", len(certs), certs == nil, c.certs)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Fatalf("err = %v, want it to contain %q", err, c.wantErr)
			}
			var apiErr *APIError
			if c.apiCode != "" && (!errors.As(err, &apiErr) || apiErr.Code != c.apiCode || apiErr.RequestID != "R9") {
				t.Fatalf("want APIError %s with RequestId R9, got %#v", c.apiCode, err)
			}
			if !strings.Contains(err.Error(), "RequestId") {
				t.Errorf("error does not carry a RequestId: %v", err)
			}
		})
	}
}

func TestDecodeKeepsAbsentFieldsNil(t *testing.T) {
	raw := rawResponse{status: 200, body: []byte(`{"Data":[{"OrderId":6127067,"Sans":[]},{"CertId":5}],"RequestId":"R"}`)}
	var body listBody
	if err := decode("ListDeploymentJobCert", raw, &body); err != nil {
		t.Fatal(err)
	}
	certs, err := decodeList[DeploymentJobCert]("ListDeploymentJobCert", raw, "Data", body.Data, body.RequestID)
	if err != nil {
		t.Fatal(err)
	}
	if certs[0].CertID != nil || certs[0].OrderID == nil || *certs[0].OrderID != 6127067 {
		t.Errorf("first: CertID=%v OrderID=%v", certs[0].CertID, certs[0].OrderID)
	}
	if certs[0].Sans == nil || len(certs[0].Sans) != 0 {
		t.Errorf("Sans [] must decode as an empty, non-nil list: %#v", certs[0].Sans)
	}
	if certs[1].Sans != nil || certs[1].OrderID != nil || certs[1].IsTrustee != nil || certs[1].CertName != nil {
		t.Errorf("absent fields must stay nil: %+v", certs[1])
	}
}

// FuzzPlainForms: the allocation-free readings of the usual forms (plain
// digits, true/false, strings without escapes) give exactly what the
// general readings give, for any input.
func FuzzPlainForms(f *testing.F) {
	for _, seed := range []string{`123`, `"123"`, `-5`, `"-0"`, `007`, `999999999999999999`, `9223372036854775807`,
		`" 12 "`, `""`, `"`, `-`, `true`, `false`, `"true"`, `null`, `"édkog.shop"`, "\"a\xffb\"", `"a\"b"`, `"a\\u0041"`,
		"\"tab\there\"", `"\u2028"`, `1.5E3`, `"abc"`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var fastI, anyI Int64
		errFast, errAny := fastI.UnmarshalJSON(b), anyI.unmarshalAny(b)
		if (errFast == nil) != (errAny == nil) || fastI != anyI {
			t.Errorf("Int64 %q: %d, %v; general reading %d, %v", b, fastI, errFast, anyI, errAny)
		}
		var fastB, anyB Bool
		errFast, errAny = fastB.UnmarshalJSON(b), anyB.unmarshalAny(b)
		if (errFast == nil) != (errAny == nil) || fastB != anyB {
			t.Errorf("Bool %q: %t, %v; general reading %t, %v", b, fastB, errFast, anyB, errAny)
		}
		var fastS, anyS String
		errFast, errAny = fastS.UnmarshalJSON(b), anyS.unmarshalAny(b)
		if (errFast == nil) != (errAny == nil) || fastS != anyS {
			t.Errorf("String %q: %q, %v; general reading %q, %v", b, fastS, errFast, anyS, errAny)
		}
	})
}

// An odd value in one field of one item leaves that field absent and is
// kept, with the raw value, on the item; every other field stays exact.
// "" where a number or flag goes is absent without being odd.
func TestDecodeOddValues(t *testing.T) {
	raw := rawResponse{status: 200, body: []byte(`{"Data":[
	  {"Id":"12","Name":"never ran","EndTime":"","StartTime":" ","Rollback":2,"GmtCreate":"2026-05-20 07:02:11","Del":"0"},
	  {"Id":13,"name":"late spelling wins","Name":"x","UserId":9007199254740993,"ScheduleTime":{"ms":1}},
	  {"Id":14,"GmtModified":9223372036854775808,"CertDomain":["a"]}
	],"RequestId":"R"}`)}
	var body listBody
	if err := decode("ListDeploymentJob", raw, &body); err != nil {
		t.Fatal(err)
	}
	jobs, err := decodeList[DeploymentJob]("ListDeploymentJob", raw, "Data", body.Data, body.RequestID)
	if err != nil {
		t.Fatal(err)
	}
	j := jobs[0]
	if *j.ID != 12 || *j.Name != "never ran" || j.EndTime != nil || j.StartTime != nil || j.Rollback != nil || j.GmtCreate != nil ||
		j.Del == nil || bool(*j.Del) {
		t.Errorf("job 12: %+v", j)
	}
	want := []OddValue{{Field: "Rollback", Raw: "2"}, {Field: "GmtCreate", Raw: `"2026-05-20 07:02:11"`}}
	if !slices.Equal(j.Odd(), want) {
		t.Errorf("job 12 odd values %v, want %v", j.Odd(), want)
	}
	j = jobs[1]
	if *j.ID != 13 || *j.Name != "x" || *j.UserID != 9007199254740993 || j.ScheduleTime != nil {
		t.Errorf("job 13: %+v", j)
	}
	if want := []OddValue{{Field: "ScheduleTime", Raw: `{"ms":1}`}}; !slices.Equal(j.Odd(), want) {
		t.Errorf("job 13 odd values %v, want %v", j.Odd(), want)
	}
	if want := []OddValue{{Field: "GmtModified", Raw: "9223372036854775808"}, {Field: "CertDomain", Raw: `["a"]`}}; !slices.Equal(jobs[2].Odd(), want) {
		t.Errorf("job 14 odd values %v, want %v", jobs[2].Odd(), want)
	}
}

// Inside a described job, an odd value of one contact leaves only that
// field absent; the fields every answer carries stay strict.
func TestDecodeOddValuesNested(t *testing.T) {
	raw := rawResponse{status: 200, body: []byte(`{"Id":8888,"Del":3,"CasContacts":[{"Id":"1","Email":{"x":1}},{"Id":"2","Name":"Li"}],"RequestId":"R1"}`)}
	var body describeDeploymentJobBody
	if err := decode("DescribeDeploymentJob", raw, &body); err != nil {
		t.Fatal(err)
	}
	c := body.Contacts
	if len(c) != 2 || *c[0].ID != "1" || c[0].Email != nil || *c[1].Name != "Li" || body.Del != nil || *body.ID != 8888 {
		t.Errorf("job: %+v, contacts %+v", body.DeploymentJob, c)
	}
	if want := []OddValue{{Field: "Del", Raw: "3"}, {Field: "CasContacts[0].Email", Raw: `{"x":1}`}}; !slices.Equal(body.Odd(), want) {
		t.Errorf("odd values %v, want %v", body.Odd(), want)
	}
	raw.body = []byte(`{"Id":8888,"Del":3,"RequestId":{"a":1}}`)
	if err := decode("DescribeDeploymentJob", raw, &body); err == nil || !strings.Contains(err.Error(), "RequestId") {
		t.Errorf("an odd RequestId: err = %v", err)
	}
}
