package emulator

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestParseFixtureRefusesBadData(t *testing.T) {
	cases := []struct {
		name, data, want string
	}{
		{"not JSON", `{"jobs":`, "invalid JSON"},
		{"trailing data", `{"jobs":{}} {}`, "unexpected data"},
		{"misspelt top-level key", `{"job":{"8888":[]}}`, `unknown field "job"`},
		{"no jobs", `{}`, `missing "jobs"`},
		{"job key not a number", `{"jobs":{"abc":[]}}`, `job "abc"`},
		{"job key zero", `{"jobs":{"0":[]}}`, `job "0"`},
		{"job key negative", `{"jobs":{"-8888":[]}}`, `job "-8888"`},
		{"job key with leading zero", `{"jobs":{"08888":[]}}`, `job "08888"`},
		{"job key beyond int64", `{"jobs":{"9223372036854775808":[]}}`, `job "9223372036854775808"`},
		{"job null", `{"jobs":{"8888":null}}`, `job "8888": certificates must be an array`},
		{"job neither array nor object", `{"jobs":{"8888":42}}`, `job "8888": certificates must be an array`},
		{"job object with unknown key", `{"jobs":{"8888":{"certs":[]}}}`, `job "8888": want an array of certificates or an object with "job", "certificates" and "resources"`},
		{"job fields not an object", `{"jobs":{"8888":{"job":[1]}}}`, `job "8888": job must be a JSON object, got [1]`},
		{"job fields null", `{"jobs":{"8888":{"job":null}}}`, `job "8888": job must be a JSON object, got null`},
		{"job Id not its key", `{"jobs":{"8888":{"job":{"Id":9999}}}}`, `job "8888": job.Id is 9999; leave it out or make it the key`},
		{"certificate of job object not an object", `{"jobs":{"8888":{"certificates":[7]}}}`, `job "8888": certificate 0 must be a JSON object, got 7`},
		{"resource not an object", `{"jobs":{"8888":{"resources":[{"Id":1},"cdn"]}}}`, `job "8888": resource 1 must be a JSON object, got "cdn"`},
		{"certificate a number", `{"jobs":{"9001":[{"CertId":1},42]}}`, `job "9001": certificate 1 must be a JSON object, got 42`},
		{"certificate null", `{"jobs":{"9001":[null]}}`, `job "9001": certificate 0 must be a JSON object`},
		{"certificate a string", `{"jobs":{"9001":["cert"]}}`, `job "9001": certificate 0 must be a JSON object`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseFixture([]byte(tc.data))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("ParseFixture error = %v, want it to mention %s", err, tc.want)
			}
		})
	}
}

func TestLoadFixtureNamesFileAndJob(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"jobs":{"77":[{"CertId":1}],"78":[true]}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := LoadFixture(bad)
	if err == nil || !strings.Contains(err.Error(), bad) || !strings.Contains(err.Error(), `job "78"`) {
		t.Errorf("LoadFixture error = %v, want it to name %s and job \"78\"", err, bad)
	}
	missing := filepath.Join(dir, "missing.json")
	if _, err := LoadFixture(missing); err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("LoadFixture error = %v, want it to name %s", err, missing)
	}
}

func TestLoadFixtureServesOddValuesAsWritten(t *testing.T) {
	path := filepath.Join(t.TempDir(), "odd.json")
	odd := `{"CertId": 9223372036854775807, "NotAfterTime": 1683625266, "Sans": null, "Extra": {"nested": [1.50, "<&>"]}, "CertName": "ünïcødé"}`
	if err := os.WriteFile(path, []byte(`{"jobs": {"5": [`+odd+`]}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := LoadFixture(path)
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, Options{Fixture: f})
	if _, err := invoke(e.client(t, defaultClientConfig()), listCerts("5")); err != nil {
		t.Fatal(err)
	}
	want := `{"Data":[{"CertId":9223372036854775807,"NotAfterTime":1683625266,"Sans":null,"Extra":{"nested":[1.50,"<&>"]},"CertName":"ünïcødé"}],"RequestId":`
	if got := string(e.last(t).respBody); !strings.HasPrefix(got, want) {
		t.Errorf("body = %s\nwant prefix %s", got, want)
	}
}

func TestDefaultFixtureFileMatchesEmbedded(t *testing.T) {
	f, err := LoadFixture(filepath.Join("fixtures", "default.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(f, DefaultFixture()) {
		t.Error("fixtures/default.json and the embedded fixture differ")
	}
}

func TestNewRefusesBadOptions(t *testing.T) {
	for name, opts := range map[string]Options{
		"invalid fixture":     {Fixture: &Fixture{Jobs: map[string][]json.RawMessage{"x": {}}}},
		"fixture without map": {Fixture: &Fixture{}},
		"empty secret":        {Credentials: []Credential{{AccessKeyID: "a"}}},
		"duplicate key":       {Credentials: []Credential{{AccessKeyID: "a", AccessKeySecret: "1"}, {AccessKeyID: "a", AccessKeySecret: "2"}}},
	} {
		if _, err := New(opts); err == nil {
			t.Errorf("%s: New accepted it", name)
		}
	}
}

// cert holds the fields the default fixture's promises are about.
type cert struct {
	CertID        *int64   `json:"CertId"`
	OrderID       *int64   `json:"OrderId"`
	CertName      string   `json:"CertName"`
	Sans          []string `json:"Sans"`
	Algorithm     string   `json:"Algorithm"`
	NotAfterTime  *int64   `json:"NotAfterTime"`
	StatusCode    string   `json:"StatusCode"`
	CertType      string   `json:"CertType"`
	CertOrderType string   `json:"CertOrderType"`
}

// TestDefaultFixtureVariety keeps the sample data as varied as the provider's
// tests and demos rely on, as the emulator serves it: a record of a
// certificate the account holds is the account's, its status true now; the
// others are recordings, their status true on the day they were recorded.
func TestDefaultFixtureVariety(t *testing.T) {
	recordedOn := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	e := newEnv(t, Options{})
	f := DefaultFixture()
	if n := len(f.Jobs["8888"]); n < 4 || n > 6 {
		t.Errorf("demo job 8888 has %d certificates, want 4-6", n)
	}
	seen := map[string]bool{}
	for job, raws := range f.Jobs {
		served, _ := e.served(job)
		for i, raw := range served {
			today := recordedOn
			if !bytes.Equal(raw, raws[i]) {
				today = e.srv.now()
			}
			var c cert
			if err := json.Unmarshal(raw, &c); err != nil {
				t.Fatalf("job %s cert %d: %v", job, i, err)
			}
			if (c.CertID == nil) == (c.OrderID == nil) {
				t.Errorf("job %s cert %d: want exactly one of CertId and OrderId", job, i)
			}
			for _, v := range []string{c.Algorithm, c.StatusCode, c.CertType, c.CertOrderType} {
				seen[v] = true
			}
			if c.OrderID != nil && *c.OrderID > 1<<31 || c.CertID != nil && *c.CertID > 1<<31 {
				seen["id above 2^31"] = true
			}
			if c.OrderID != nil && c.CertID == nil {
				seen["order only"] = true
			}
			if c.Sans != nil && len(c.Sans) == 0 {
				seen["no SANs"] = true
			}
			if len(c.Sans) > 2 {
				seen["several SANs"] = true
			}
			if strings.ContainsFunc(c.CertName, func(r rune) bool { return r > 127 }) {
				seen["unicode name"] = true
			}
			if c.NotAfterTime == nil {
				continue
			}
			notAfter := time.UnixMilli(*c.NotAfterTime)
			switch c.StatusCode {
			case "willExpired":
				if !notAfter.After(today) || notAfter.After(today.AddDate(0, 0, 30)) {
					t.Errorf("job %s cert %d: willExpired but ends %s", job, i, notAfter)
				}
			case "issued":
				if notAfter.Before(today.AddDate(0, 0, 30)) {
					t.Errorf("job %s cert %d: issued but ends %s", job, i, notAfter)
				}
			case "expired":
				if notAfter.After(today) {
					t.Errorf("job %s cert %d: expired but ends %s", job, i, notAfter)
				}
			}
		}
	}
	for _, want := range []string{"RSA", "ECC", "SM2", "issued", "expired", "willExpired", "upload", "checking", "payed",
		"upload", "buy", "free", "DV", "OV", "EV", "id above 2^31", "order only", "no SANs", "several SANs", "unicode name"} {
		if !seen[want] {
			t.Errorf("default fixture has no %s entry", want)
		}
	}
	for _, job := range []string{"8888", "9001", "9002", "123456789012"} {
		if len(f.Jobs[job]) == 0 {
			t.Errorf("default fixture lacks job %s", job)
		}
	}
}

// TestFixtureFromAccount: with "from_account", a record of a certificate or
// resource the account holds is the account's; without, every record is
// answered as written, held IDs too.
func TestFixtureFromAccount(t *testing.T) {
	t.Parallel()
	const recorded = `{"jobs": {"7": {
		"certificates": [{"CertId": 11174101, "NotAfterTime": 1}, {"CertId": 424242, "NotAfterTime": 2}],
		"resources": [{"Id": 20981, "CertEndTime": "1"}, {"Id": 424242, "CertEndTime": "2"}]}}}`
	for _, fromAccount := range []bool{false, true} {
		data := recorded
		if fromAccount {
			data = `{"from_account": true, ` + recorded[1:]
		}
		f, err := ParseFixture([]byte(data))
		if err != nil {
			t.Fatal(err)
		}
		e := newEnv(t, Options{Fixture: f})
		certs, resources := e.served("7")
		shop := e.srv.account.certificates[11174101]
		var cert struct{ NotAfterTime int64 }
		var res struct{ CertEndTime string }
		_ = json.Unmarshal(certs[0], &cert)
		_ = json.Unmarshal(resources[0], &res)
		wantCert, wantRes := int64(1), "1"
		if fromAccount {
			wantCert, wantRes = ms(shop.notAfter), strconv.FormatInt(ms(shop.notAfter), 10)
		}
		if cert.NotAfterTime != wantCert || res.CertEndTime != wantRes {
			t.Errorf("from_account %v: certificate 11174101 ends %d, resource 20981's %q; want %d and %q",
				fromAccount, cert.NotAfterTime, res.CertEndTime, wantCert, wantRes)
		}
		if string(certs[1]) != `{"CertId": 424242, "NotAfterTime": 2}` || string(resources[1]) != `{"Id": 424242, "CertEndTime": "2"}` {
			t.Errorf("from_account %v: records the account does not hold changed: %s %s", fromAccount, certs[1], resources[1])
		}
	}
}
