package emulator

import (
	"bytes"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/aliyun/credentials-go/credentials"
)

var requestIDPattern = regexp.MustCompile(`^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$`)

// compactCerts is records as the emulator must serve them: compacted but
// otherwise byte for byte.
func compactCerts(t *testing.T, records []json.RawMessage) string {
	t.Helper()
	var parts []string
	for _, c := range records {
		var b bytes.Buffer
		if err := json.Compact(&b, c); err != nil {
			t.Fatal(err)
		}
		parts = append(parts, b.String())
	}
	return "[" + strings.Join(parts, ",") + "]"
}

func TestOfficialClientListsFixtureCerts(t *testing.T) {
	e := newEnv(t, Options{})
	res, err := invoke(e.client(t, defaultClientConfig()), listCerts("8888"))
	if err != nil {
		t.Fatalf("call: %v", err)
	}
	body, _ := res["body"].(map[string]any)
	data, _ := body["Data"].([]any)
	if len(data) != 5 {
		t.Errorf("client decoded %d certificates, want the fixture's 5", len(data))
	}

	x := e.last(t)
	if x.status != http.StatusOK {
		t.Errorf("status = %d, want 200", x.status)
	}
	certs, _ := e.served("8888")
	want := `{"Data":` + compactCerts(t, certs) + `,"RequestId":"`
	if !strings.HasPrefix(string(x.respBody), want) {
		t.Errorf("body does not carry the fixture (the account's records for certificates it holds) byte for byte:\n got %s\nwant prefix %s", x.respBody, want)
	}
	var a apiAnswer
	if err := json.Unmarshal(x.respBody, &a); err != nil {
		t.Fatal(err)
	}
	if !requestIDPattern.MatchString(a.RequestID) {
		t.Errorf("RequestId %q is not an upper-case UUID", a.RequestID)
	}
	if h := x.respHead.Get("x-acs-request-id"); h != a.RequestID {
		t.Errorf("x-acs-request-id = %q, body RequestId = %q", h, a.RequestID)
	}
	if ct := x.respHead.Get("Content-Type"); ct != "application/json;charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
}

func TestLargeIDsAndAbsentFieldsServedExactly(t *testing.T) {
	e := newEnv(t, Options{})
	if _, err := invoke(e.client(t, defaultClientConfig()), listCerts("123456789012")); err != nil {
		t.Fatalf("call: %v", err)
	}
	body := string(e.last(t).respBody)
	for _, want := range []string{`"CertId":9007199254740993,`, `{"OrderId":4294967297,`} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %s: %s", want, body)
		}
	}
	var a apiAnswer
	if err := json.Unmarshal([]byte(body), &a); err != nil {
		t.Fatal(err)
	}
	if len(a.Data) != 2 || bytes.Contains(a.Data[1], []byte("CertId")) || bytes.Contains(a.Data[0], []byte("OrderId")) {
		t.Errorf("want one issued cert (CertId, no OrderId) and one order (OrderId, no CertId), got %s", a.Data)
	}
}

func TestUnknownJobHasNoCerts(t *testing.T) {
	e := newEnv(t, Options{})
	if _, err := invoke(e.client(t, defaultClientConfig()), listCerts("424242")); err != nil {
		t.Fatalf("call: %v", err)
	}
	if body := string(e.last(t).respBody); !strings.HasPrefix(body, `{"Data":[],"RequestId":"`) {
		t.Errorf("body = %s, want empty Data array", body)
	}
}

func TestParametersAcceptedInFormBodyAndByGET(t *testing.T) {
	for name, spec := range map[string]callSpec{
		"form body": {body: map[string]any{"JobId": "9001"}},
		"GET":       {method: "GET", query: map[string]string{"JobId": "9001"}},
	} {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, Options{})
			if _, err := invoke(e.client(t, defaultClientConfig()), spec); err != nil {
				t.Fatalf("call: %v", err)
			}
			var a apiAnswer
			if err := json.Unmarshal(e.last(t).respBody, &a); err != nil {
				t.Fatal(err)
			}
			if len(a.Data) != 2 {
				t.Errorf("got %d certificates for job 9001, want 2", len(a.Data))
			}
		})
	}
}

func TestRequestIDsDiffer(t *testing.T) {
	e := newEnv(t, Options{})
	c := e.client(t, defaultClientConfig())
	seen := map[string]bool{}
	for _, spec := range []callSpec{listCerts("8888"), listCerts("8888"), listCerts("oops")} {
		_, _ = invoke(c, spec)
		x := e.last(t)
		var a apiAnswer
		if err := json.Unmarshal(x.respBody, &a); err != nil {
			t.Fatal(err)
		}
		if !requestIDPattern.MatchString(a.RequestID) || seen[a.RequestID] {
			t.Errorf("RequestId %q is malformed or repeated", a.RequestID)
		}
		seen[a.RequestID] = true
	}
	if got := e.srv.Requests(); got != 3 {
		t.Errorf("Requests() = %d, want 3", got)
	}
}

func TestSTSCredentialsAccepted(t *testing.T) {
	sts := Credential{ //nolint:gosec // a made-up test credential
		AccessKeyID: "STS.NTemuKey", AccessKeySecret: "sts-secret", SecurityToken: "CAIS-emulator-token", Expiration: time.Now().Add(time.Hour)}
	e := newEnv(t, Options{Credentials: []Credential{sts}})

	t.Run("config SecurityToken", func(t *testing.T) {
		c := e.client(t, clientConfig{accessKeyID: sts.AccessKeyID, accessKeySecret: sts.AccessKeySecret, securityToken: sts.SecurityToken})
		if _, err := invoke(c, listCerts("8888")); err != nil {
			t.Fatalf("call: %v", err)
		}
		if h := e.last(t).header.Get("x-acs-security-token"); h != sts.SecurityToken {
			t.Errorf("the client did not send the token as x-acs-security-token (got %q)", h)
		}
	})
	t.Run("credentials-go provider", func(t *testing.T) {
		cred, err := credentials.NewCredential(&credentials.Config{
			Type:            dara.String("sts"),
			AccessKeyId:     dara.String(sts.AccessKeyID),
			AccessKeySecret: dara.String(sts.AccessKeySecret),
			SecurityToken:   dara.String(sts.SecurityToken),
		})
		if err != nil {
			t.Fatal(err)
		}
		c, err := openapi.NewClient(&openapi.Config{
			Endpoint: dara.String(e.endpoint()), Protocol: dara.String("http"),
			Credential: cred,
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := invoke(c, listCerts("8888")); err != nil {
			t.Fatalf("call: %v", err)
		}
	})
}

func TestRefusalsThroughOfficialClient(t *testing.T) {
	now := time.Now()
	sts := Credential{AccessKeyID: "STS.live", AccessKeySecret: "live-secret", SecurityToken: "token-live"}
	expired := Credential{AccessKeyID: "STS.old", AccessKeySecret: "old-secret", SecurityToken: "token-old", Expiration: now.Add(-time.Minute)}
	plain := Credential{AccessKeyID: DefaultAccessKeyID, AccessKeySecret: DefaultAccessKeySecret}
	creds := []Credential{plain, sts, expired}
	ok := defaultClientConfig()

	cases := []struct {
		name       string
		clock      time.Duration // server clock minus real time
		client     clientConfig
		spec       callSpec
		wantStatus int
		wantCode   string
	}{
		{"unknown access key", 0, clientConfig{accessKeyID: "LTAI5tNobodyHasThis", accessKeySecret: "x"}, listCerts("8888"), 404, "InvalidAccessKeyId.NotFound"},
		{"wrong secret", 0, clientConfig{accessKeyID: DefaultAccessKeyID, accessKeySecret: "not-the-secret"}, listCerts("8888"), 400, "SignatureDoesNotMatch"},
		{"client clock 20 minutes slow", 20 * time.Minute, ok, listCerts("8888"), 400, "InvalidTimeStamp.Expired"},
		{"client clock 20 minutes fast", -20 * time.Minute, ok, listCerts("8888"), 400, "InvalidTimeStamp.Expired"},
		{"missing JobId", 0, ok, callSpec{}, 400, "MissingJobId"},
		{"empty JobId", 0, ok, listCerts(""), 400, "MissingJobId"},
		{"JobId not a number", 0, ok, listCerts("abc"), 400, "InvalidParameter"},
		{"JobId zero", 0, ok, listCerts("0"), 400, "InvalidParameter"},
		{"JobId negative", 0, ok, listCerts("-8888"), 400, "InvalidParameter"},
		{"JobId beyond int64", 0, ok, listCerts("9223372036854775808"), 400, "InvalidParameter"},
		{"unknown action", 0, ok, callSpec{action: "ListDeploymentJobCerts", query: map[string]string{"JobId": "8888"}}, 404, "InvalidAction.NotFound"},
		{"wrong version", 0, ok, callSpec{version: "2018-07-13", query: map[string]string{"JobId": "8888"}}, 400, "InvalidVersion"},
		{"STS key without token", 0, clientConfig{accessKeyID: sts.AccessKeyID, accessKeySecret: sts.AccessKeySecret}, listCerts("8888"), 400, "InvalidSecurityToken.Malformed"},
		{"STS key with wrong token", 0, clientConfig{accessKeyID: sts.AccessKeyID, accessKeySecret: sts.AccessKeySecret, securityToken: "token-forged"}, listCerts("8888"), 400, "InvalidSecurityToken.Malformed"},
		{"expired STS token", 0, clientConfig{accessKeyID: expired.AccessKeyID, accessKeySecret: expired.AccessKeySecret, securityToken: expired.SecurityToken}, listCerts("8888"), 400, "InvalidSecurityToken.Expired"},
		{"token for a key that has none", 0, clientConfig{accessKeyID: plain.AccessKeyID, accessKeySecret: plain.AccessKeySecret, securityToken: "token-live"}, listCerts("8888"), 400, "InvalidSecurityToken.Malformed"},
		{"legacy signature, wrong secret", 0, clientConfig{accessKeyID: DefaultAccessKeyID, accessKeySecret: "nope", signatureAlgorithm: "v2"}, listCerts("8888"), 400, "SignatureDoesNotMatch"},
		{"legacy signature, stale Timestamp", 20 * time.Minute, clientConfig{accessKeyID: DefaultAccessKeyID, accessKeySecret: DefaultAccessKeySecret, signatureAlgorithm: "v2"}, listCerts("8888"), 400, "InvalidTimeStamp.Expired"},
		{"legacy signature, expired STS token", 0, clientConfig{accessKeyID: expired.AccessKeyID, accessKeySecret: expired.AccessKeySecret, securityToken: expired.SecurityToken, signatureAlgorithm: "v2"}, listCerts("8888"), 400, "InvalidSecurityToken.Expired"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, Options{Credentials: creds, Now: func() time.Time { return time.Now().Add(tc.clock) }})
			_, err := invoke(e.client(t, tc.client), tc.spec)
			if err == nil {
				t.Fatalf("call succeeded, want %d %s", tc.wantStatus, tc.wantCode)
			}
			status, code := refusedWith(t, err)
			if status != tc.wantStatus || code != tc.wantCode {
				t.Errorf("got %d %s, want %d %s (%v)", status, code, tc.wantStatus, tc.wantCode, err)
			}
			checkErrorBody(t, e.last(t), tc.wantCode)
		})
	}
}

func checkErrorBody(t *testing.T, x exchange, code string) {
	t.Helper()
	var a apiAnswer
	if err := json.Unmarshal(x.respBody, &a); err != nil {
		t.Fatalf("error body is not JSON: %s", x.respBody)
	}
	if !requestIDPattern.MatchString(a.RequestID) || x.respHead.Get("x-acs-request-id") != a.RequestID {
		t.Errorf("RequestId %q / header %q", a.RequestID, x.respHead.Get("x-acs-request-id"))
	}
	if a.HostID != "cas.aliyuncs.com" || a.Code != code || a.Message == "" ||
		a.Recommend != "https://api.aliyun.com/troubleshoot?q="+code+"&product=cas" {
		t.Errorf("error body = %s", x.respBody)
	}
	if ct := x.respHead.Get("Content-Type"); ct != "application/json;charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
}

func TestSignatureMismatchMessage(t *testing.T) {
	e := newEnv(t, Options{})
	_, _ = invoke(e.client(t, clientConfig{accessKeyID: DefaultAccessKeyID, accessKeySecret: "wrong"}), listCerts("8888"))
	var a apiAnswer
	if err := json.Unmarshal(e.last(t).respBody, &a); err != nil {
		t.Fatal(err)
	}
	// Like the gateway: what it signed, never the canonical request or a secret.
	if !regexp.MustCompile(`^Specified signature is not matched with our calculation\. server string to sign is:ACS3-HMAC-SHA256\n[0-9a-f]{64}$`).MatchString(a.Message) {
		t.Errorf("Message = %q", a.Message)
	}
}

func TestLegacySignatureAccepted(t *testing.T) {
	sts := Credential{AccessKeyID: "STS.legacy", AccessKeySecret: "legacy-secret", SecurityToken: "legacy-token"}
	e := newEnv(t, Options{Credentials: []Credential{{AccessKeyID: DefaultAccessKeyID, AccessKeySecret: DefaultAccessKeySecret}, sts}})
	for name, tc := range map[string]struct {
		cc   clientConfig
		spec callSpec
	}{
		"query":      {clientConfig{accessKeyID: DefaultAccessKeyID, accessKeySecret: DefaultAccessKeySecret, signatureAlgorithm: "v2"}, listCerts("9002")},
		"form body":  {clientConfig{accessKeyID: DefaultAccessKeyID, accessKeySecret: DefaultAccessKeySecret, signatureAlgorithm: "v2"}, callSpec{body: map[string]any{"JobId": "9002"}}},
		"STS token":  {clientConfig{accessKeyID: sts.AccessKeyID, accessKeySecret: sts.AccessKeySecret, securityToken: sts.SecurityToken, signatureAlgorithm: "v2"}, listCerts("9002")},
		"GET method": {clientConfig{accessKeyID: DefaultAccessKeyID, accessKeySecret: DefaultAccessKeySecret, signatureAlgorithm: "v2"}, callSpec{method: "GET", query: map[string]string{"JobId": "9002"}}},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := invoke(e.client(t, tc.cc), tc.spec); err != nil {
				t.Fatalf("call: %v", err)
			}
			x := e.last(t)
			if x.header.Get("Authorization") != "" || !strings.Contains(x.uri, "SignatureMethod=HMAC-SHA1") {
				t.Fatalf("the client did not use the legacy signature: %s", x.uri)
			}
			var a apiAnswer
			if err := json.Unmarshal(x.respBody, &a); err != nil || len(a.Data) != 2 {
				t.Errorf("want job 9002's 2 certificates, got %s", x.respBody)
			}
		})
	}
}
