package emulator

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	testRoleARN = "acs:ram::1234567890123456:role/certs-reader"
	testOIDCARN = "acs:ram::1234567890123456:oidc-provider/ack-rrsa"
)

// baseUser may only assume roles, as a RAM user set up for assume_role is.
var baseUser = Credential{AccessKeyID: "LTAI-base", AccessKeySecret: "base-secret", Actions: []string{"AssumeRole"}}

// clock is an emulator clock the test moves.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func assumeRoleCall(query map[string]string) callSpec {
	q := map[string]string{"RoleArn": testRoleARN, "RoleSessionName": "terraform"}
	for k, v := range query {
		q[k] = v
	}
	return callSpec{action: "AssumeRole", version: stsVersion, query: q}
}

// issuedFrom reads the Credentials of an AssumeRole answer.
func issuedFrom(t *testing.T, res map[string]any) stsCredentials {
	t.Helper()
	raw, err := json.Marshal(res["body"])
	if err != nil {
		t.Fatal(err)
	}
	var a assumeRoleAnswer
	if err := json.Unmarshal(raw, &a); err != nil || a.Credentials.AccessKeyID == "" {
		t.Fatalf("not an AssumeRole answer: %s", raw)
	}
	return a.Credentials
}

// A RAM user allowed only to assume a role gets the role's keys from STS;
// CAS accepts them, and refuses them once they expire.
func TestAssumeRoleIssuesCredentialsCASAcceptsUntilExpiry(t *testing.T) {
	clk := &clock{now: time.Now()}
	e := newEnv(t, Options{Credentials: []Credential{baseUser}, Roles: []Role{{ARN: testRoleARN}},
		TemporaryCredentialLifetime: time.Minute, Now: clk.Now})
	base := e.client(t, clientConfig{accessKeyID: baseUser.AccessKeyID, accessKeySecret: baseUser.AccessKeySecret, signatureAlgorithm: "v2"})

	if _, err := invoke(base, listCerts("8888")); err == nil {
		t.Fatal("the base user called CAS; it should only be allowed to assume the role")
	} else if status, code := refusedWith(t, err); status != http.StatusForbidden || code != "Forbidden.RAM" {
		t.Fatalf("base user on CAS: got %d %s, want 403 Forbidden.RAM", status, code)
	}

	res, err := invoke(base, assumeRoleCall(nil))
	if err != nil {
		t.Fatalf("AssumeRole: %v", err)
	}
	issued := issuedFrom(t, res)
	if !strings.HasPrefix(issued.AccessKeyID, "STS.") || issued.SecurityToken == "" {
		t.Errorf("issued %+v, want an STS.* key with a token", issued)
	}
	if exp, err := time.Parse(timeLayout, issued.Expiration); err != nil || !exp.Equal(clk.Now().Add(time.Minute).UTC().Truncate(time.Second)) {
		t.Errorf("Expiration %q, want the configured lifetime from now", issued.Expiration)
	}
	role := e.client(t, clientConfig{accessKeyID: issued.AccessKeyID, accessKeySecret: issued.AccessKeySecret, securityToken: issued.SecurityToken})
	if _, err := invoke(role, listCerts("8888")); err != nil {
		t.Fatalf("CAS with the role's keys: %v", err)
	}

	clk.advance(2 * time.Minute) // past the expiry, within the signature's clock skew
	_, err = invoke(role, listCerts("8888"))
	if status, code := refusedWith(t, err); status != http.StatusBadRequest || code != "InvalidSecurityToken.Expired" {
		t.Errorf("expired role keys: got %d %s, want 400 InvalidSecurityToken.Expired", status, code)
	}
	if n := len(e.srv.Issued()); n != 1 {
		t.Errorf("Issued() has %d credentials, want 1", n)
	}
}

func TestAssumeRoleRefusals(t *testing.T) {
	cases := []struct {
		name   string
		role   Role
		query  map[string]string
		status int
		code   string
	}{
		{"unknown role", Role{ARN: testRoleARN}, map[string]string{"RoleArn": "acs:ram::1:role/nobody"}, 404, "EntityNotExist.Role"},
		{"no role", Role{ARN: testRoleARN}, map[string]string{"RoleArn": ""}, 400, "MissingRoleArn"},
		{"external id missing", Role{ARN: testRoleARN, ExternalID: "abc"}, nil, 403, "NoPermission"},
		{"session name too short", Role{ARN: testRoleARN}, map[string]string{"RoleSessionName": "a"}, 400, "InvalidParameter.RoleSessionName"},
		{"duration over the role's maximum", Role{ARN: testRoleARN}, map[string]string{"DurationSeconds": "7200"}, 400, "InvalidParameter.DurationSeconds"},
		{"duration under 15 minutes", Role{ARN: testRoleARN, MaxSessionDuration: 12 * time.Hour}, map[string]string{"DurationSeconds": "600"}, 400, "InvalidParameter.DurationSeconds"},
		{"policy not JSON", Role{ARN: testRoleARN}, map[string]string{"Policy": "{not json"}, 400, "InvalidParameter.PolicyGrammar"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, Options{Credentials: []Credential{baseUser}, Roles: []Role{tc.role}})
			base := e.client(t, clientConfig{accessKeyID: baseUser.AccessKeyID, accessKeySecret: baseUser.AccessKeySecret, signatureAlgorithm: "v2"})
			_, err := invoke(base, assumeRoleCall(tc.query))
			if status, code := refusedWith(t, err); status != tc.status || code != tc.code {
				t.Errorf("got %d %s, want %d %s", status, code, tc.status, tc.code)
			}
			if n := len(e.srv.Issued()); n != 0 {
				t.Errorf("a refused AssumeRole issued %d credentials", n)
			}
		})
	}
}

func TestAssumeRoleWithExternalIDAndLongerSession(t *testing.T) {
	e := newEnv(t, Options{Credentials: []Credential{baseUser},
		Roles: []Role{{ARN: testRoleARN, ExternalID: "abc", MaxSessionDuration: 12 * time.Hour}}})
	base := e.client(t, clientConfig{accessKeyID: baseUser.AccessKeyID, accessKeySecret: baseUser.AccessKeySecret, signatureAlgorithm: "v2"})
	res, err := invoke(base, assumeRoleCall(map[string]string{"ExternalId": "abc", "DurationSeconds": "43200"}))
	if err != nil {
		t.Fatalf("AssumeRole: %v", err)
	}
	exp, err := time.Parse(timeLayout, issuedFrom(t, res).Expiration)
	if err != nil || time.Until(exp) < 11*time.Hour {
		t.Errorf("Expiration %v, want 12 hours from now", exp)
	}
}

// AssumeRoleWithOIDC needs no signature: the token is the proof.
func TestAssumeRoleWithOIDC(t *testing.T) {
	e := newEnv(t, Options{Roles: []Role{{ARN: testRoleARN}},
		OIDCProviders: []OIDCProvider{{ARN: testOIDCARN, Tokens: []string{"good-token"}}}})
	post := func(form url.Values) (int, map[string]any) {
		t.Helper()
		req, err := http.NewRequestWithContext(t.Context(), http.MethodPost,
			e.http.URL+"/?Action=AssumeRoleWithOIDC&Version="+stsVersion+"&Format=JSON", strings.NewReader(form.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = resp.Body.Close() }()
		var body map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, body
	}
	form := func(provider, token string) url.Values {
		return url.Values{"OIDCProviderArn": {provider}, "OIDCToken": {token}, "RoleArn": {testRoleARN}, "RoleSessionName": {"terraform"}}
	}

	status, body := post(form(testOIDCARN, "good-token\n")) // token files end in a newline
	creds, _ := body["Credentials"].(map[string]any)
	if status != http.StatusOK || creds["SecurityToken"] == nil || body["OIDCTokenInfo"] == nil {
		t.Fatalf("got %d %v, want credentials and OIDCTokenInfo", status, body)
	}
	for _, tc := range []struct {
		provider, token string
		status          int
		code            string
	}{
		{testOIDCARN, "bad-token", 400, "AuthenticationFail.OIDCToken.Invalid"},
		{"acs:ram::1:oidc-provider/other", "good-token", 404, "EntityNotExist.OIDCProvider"},
		{testOIDCARN, "", 400, "MissingOIDCToken"},
	} {
		status, body := post(form(tc.provider, tc.token))
		if status != tc.status || body["Code"] != tc.code {
			t.Errorf("provider %s token %q: got %d %v, want %d %s", tc.provider, tc.token, status, body["Code"], tc.status, tc.code)
		}
	}
}

// The role and OIDC provider cmd/alicas-emulator documents belong to the
// account whose UserId the emulator's records show.
func TestDefaultRoleIsTheAccounts(t *testing.T) {
	t.Parallel()
	prefix := "acs:ram::" + strconv.FormatInt(emulatorUserID, 10) + ":"
	for _, arn := range []string{DefaultRoleARN, DefaultOIDCProviderARN} {
		if !strings.HasPrefix(arn, prefix) {
			t.Errorf("%s is not of the emulator's account (%s...)", arn, prefix)
		}
	}
}
