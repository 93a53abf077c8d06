package emulator

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// signedExchange has the official client make one good call and returns it
// as it crossed the wire, ready to be replayed or tampered with.
func signedExchange(t *testing.T, e *env, cc clientConfig, spec callSpec) exchange {
	t.Helper()
	if _, err := invoke(e.client(t, cc), spec); err != nil {
		t.Fatalf("call: %v", err)
	}
	return e.last(t)
}

func TestEncodedQueryValuesVerify(t *testing.T) {
	// Values that RFC 3986 and form encoding treat differently must still verify.
	e := newEnv(t, Options{})
	for _, cc := range []clientConfig{defaultClientConfig(), {accessKeyID: DefaultAccessKeyID, accessKeySecret: DefaultAccessKeySecret, signatureAlgorithm: "v2"}} {
		spec := callSpec{query: map[string]string{"JobId": "8888", "Note": "a b*c~d/é+&=%20", "Empty": ""}}
		if _, err := invoke(e.client(t, cc), spec); err != nil {
			t.Errorf("signature %q: %v", firstNonEmpty(cc.signatureAlgorithm, "ACS3"), err)
		}
	}
}

func TestReplayedRequestRefused(t *testing.T) {
	for name, cc := range map[string]clientConfig{
		"ACS3":   defaultClientConfig(),
		"legacy": {accessKeyID: DefaultAccessKeyID, accessKeySecret: DefaultAccessKeySecret, signatureAlgorithm: "v2"},
	} {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, Options{})
			x := signedExchange(t, e, cc, listCerts("8888"))
			status, a := e.send(t, x, nil)
			if status != 400 || a.Code != "SignatureNonceUsed" {
				t.Errorf("replay answered %d %s, want 400 SignatureNonceUsed", status, a.Code)
			}
			if got := e.srv.Requests(); got != 2 {
				t.Errorf("Requests() = %d, want 2", got)
			}
		})
	}
}

func TestNonceForgottenAfterWindow(t *testing.T) {
	// A nonce is only remembered while its timestamp is acceptable; after that
	// the request is refused for its timestamp, not its nonce.
	clock := time.Now()
	e := newEnv(t, Options{Now: func() time.Time { return clock }})
	x := signedExchange(t, e, defaultClientConfig(), listCerts("8888"))
	clock = clock.Add(16 * time.Minute)
	if status, a := e.send(t, x, nil); status != 400 || a.Code != "InvalidTimeStamp.Expired" {
		t.Errorf("late replay answered %d %s, want 400 InvalidTimeStamp.Expired", status, a.Code)
	}
}

func TestTamperedOrIncompleteRequestsRefused(t *testing.T) {
	cases := []struct {
		name       string
		edit       func(*http.Request)
		wantStatus int
		wantCode   string
	}{
		{"no Authorization", func(r *http.Request) { r.Header.Del("Authorization") }, 400, "MissingAuthorization"},
		{"Authorization of another scheme", func(r *http.Request) { r.Header.Set("Authorization", "Bearer abc") }, 400, "IncompleteSignature"},
		{"Authorization without Signature", func(r *http.Request) {
			a := r.Header.Get("Authorization")
			r.Header.Set("Authorization", a[:strings.Index(a, ",Signature=")])
		}, 400, "IncompleteSignature"},
		{"x-acs header left out of SignedHeaders", func(r *http.Request) {
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "x-acs-date;", "", 1))
		}, 400, "IncompleteSignature"},
		{"unsigned x-acs header added", func(r *http.Request) { r.Header.Set("x-acs-extra", "1") }, 400, "IncompleteSignature"},
		{"query changed after signing", func(r *http.Request) { r.URL.RawQuery = "JobId=9001" }, 400, "SignatureDoesNotMatch"},
		{"query parameter added", func(r *http.Request) { r.URL.RawQuery += "&Extra=1" }, 400, "SignatureDoesNotMatch"},
		{"body added after signing", func(r *http.Request) { setBody(r, "JobId=9001") }, 400, "SignatureDoesNotMatch"},
		{"body and its hash replaced", func(r *http.Request) {
			setBody(r, "")
			r.Header.Set("x-acs-content-sha256", strings.Repeat("0", 64))
		}, 400, "SignatureDoesNotMatch"},
		{"no x-acs-content-sha256", func(r *http.Request) { r.Header.Del("x-acs-content-sha256") }, 400, "IncompleteSignature"},
		{"signed header value changed", func(r *http.Request) { r.Header.Set("x-acs-signature-nonce", "another-nonce") }, 400, "SignatureDoesNotMatch"},
		{"host changed", func(r *http.Request) { r.Host = "cas.aliyuncs.com" }, 400, "SignatureDoesNotMatch"},
		{"signature not hex", func(r *http.Request) {
			a := r.Header.Get("Authorization")
			r.Header.Set("Authorization", a[:strings.Index(a, ",Signature=")]+",Signature=zz")
		}, 400, "SignatureDoesNotMatch"},
		{"no x-acs-date", func(r *http.Request) { r.Header.Del("x-acs-date") }, 400, "MissingTimestamp"},
		{"x-acs-date malformed", func(r *http.Request) { r.Header.Set("x-acs-date", "yesterday") }, 400, "InvalidTimeStamp.Format"},
		{"no nonce", func(r *http.Request) { r.Header.Del("x-acs-signature-nonce") }, 400, "MissingSignatureNonce"},
		{"PUT", func(r *http.Request) { r.Method = http.MethodPut }, 404, "InvalidAction.NotFound"},
		{"another path", func(r *http.Request) { r.URL.Path = "/v1/certs" }, 404, "InvalidAction.NotFound"},
		{"version header changed", func(r *http.Request) { r.Header.Set("x-acs-version", "2019-01-01") }, 400, "InvalidVersion"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// The original request is refused as a replay by design; answer it
			// from a fresh server so each edit is judged alone.
			e := newEnv(t, Options{})
			x := signedExchange(t, e, defaultClientConfig(), listCerts("8888"))
			fresh := newEnv(t, Options{})
			status, a := fresh.send(t, x, tc.edit)
			if status != tc.wantStatus || a.Code != tc.wantCode {
				t.Errorf("got %d %s (%s), want %d %s", status, a.Code, a.Message, tc.wantStatus, tc.wantCode)
			}
		})
	}
}

func TestUnchangedRequestVerifiesOnFreshServer(t *testing.T) {
	// Guards TestTamperedOrIncompleteRequestsRefused: without an edit the
	// replayed request must pass, so every refusal there is due to its edit.
	e := newEnv(t, Options{})
	x := signedExchange(t, e, defaultClientConfig(), listCerts("8888"))
	fresh := newEnv(t, Options{})
	if status, a := fresh.send(t, x, nil); status != 200 || len(a.Data) != 5 {
		t.Errorf("got %d %s, want 200 with 5 certificates", status, a.Code)
	}
}

func TestTamperedLegacyRequestsRefused(t *testing.T) {
	legacy := clientConfig{accessKeyID: DefaultAccessKeyID, accessKeySecret: DefaultAccessKeySecret, signatureAlgorithm: "v2"}
	cases := []struct {
		name     string
		edit     func(q url.Values)
		wantCode string
	}{
		{"nothing changed", func(url.Values) {}, ""},
		{"JobId changed", func(q url.Values) { q.Set("JobId", "9001") }, "SignatureDoesNotMatch"},
		{"Signature removed", func(q url.Values) { q.Del("Signature") }, "MissingAuthorization"},
		{"SignatureMethod changed", func(q url.Values) { q.Set("SignatureMethod", "HMAC-SHA256") }, "IncompleteSignature"},
		{"no Timestamp", func(q url.Values) { q.Del("Timestamp") }, "MissingTimestamp"},
		{"unknown AccessKeyId", func(q url.Values) { q.Set("AccessKeyId", "LTAI5tUnknown") }, "InvalidAccessKeyId.NotFound"},
		{"SecurityToken added", func(q url.Values) { q.Set("SecurityToken", "t") }, "InvalidSecurityToken.Malformed"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, Options{})
			x := signedExchange(t, e, legacy, listCerts("8888"))
			fresh := newEnv(t, Options{})
			status, a := fresh.send(t, x, func(r *http.Request) {
				q := r.URL.Query()
				tc.edit(q)
				r.URL.RawQuery = q.Encode()
			})
			if tc.wantCode == "" {
				if status != 200 {
					t.Errorf("got %d %s (%s), want 200", status, a.Code, a.Message)
				}
				return
			}
			if status < 400 || a.Code != tc.wantCode {
				t.Errorf("got %d %s (%s), want %s", status, a.Code, a.Message, tc.wantCode)
			}
		})
	}
}

func setBody(r *http.Request, body string) {
	r.Body = io.NopCloser(bytes.NewReader([]byte(body)))
	r.ContentLength = int64(len(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
}

func TestNonceCacheIsBounded(t *testing.T) {
	now := time.Now()
	c := newNonceCache(3)
	for _, k := range []string{"a", "b", "c", "d"} {
		if !c.add(k, now.Add(time.Hour), now) {
			t.Fatalf("fresh nonce %q refused", k)
		}
	}
	if len(c.until) > 3 {
		t.Errorf("cache holds %d nonces, want at most 3", len(c.until))
	}
	for _, k := range []string{"d", "b"} {
		if c.add(k, now.Add(time.Hour), now) {
			t.Errorf("nonce %q accepted twice", k)
		}
	}
	if !c.add("a", now.Add(time.Hour), now) {
		t.Error("the oldest nonce was not the one forgotten")
	}
	later := now.Add(2 * time.Hour)
	if !c.add("d", later.Add(time.Hour), later) || len(c.until) != 1 {
		t.Errorf("expired nonces kept: %d remembered", len(c.until))
	}
}

func TestPercentEncode(t *testing.T) {
	for in, want := range map[string]string{
		"AZaz09-_.~": "AZaz09-_.~",
		"a b":        "a%20b",
		"*":          "%2A",
		"/+&=%":      "%2F%2B%26%3D%25",
		"é":          "%C3%A9",
	} {
		if got := percentEncode(in); got != want {
			t.Errorf("percentEncode(%q) = %q, want %q", in, got, want)
		}
	}
}
