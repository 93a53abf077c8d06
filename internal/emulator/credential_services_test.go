package emulator

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aliyun/credentials-go/credentials/providers"
)

// casWith calls CAS with c through the official client: it must be accepted.
func casWith(t *testing.T, e *env, c *providers.Credentials) {
	t.Helper()
	client := e.client(t, clientConfig{accessKeyID: c.AccessKeyId, accessKeySecret: c.AccessKeySecret, securityToken: c.SecurityToken})
	if _, err := invoke(client, listCerts("8888")); err != nil {
		t.Fatalf("CAS refused the issued credentials: %v", err)
	}
}

// credentials-go's own URL provider fetches from the emulator's credentials URI.
func TestCredentialsURIServesTemporaryCredentials(t *testing.T) {
	e := newEnv(t, Options{CredentialsURIPath: "/credentials"})
	p, err := providers.NewURLCredentialsProviderBuilder().WithUrl(e.http.URL + "/credentials").Build()
	if err != nil {
		t.Fatal(err)
	}
	c, err := p.GetCredentials()
	if err != nil {
		t.Fatalf("GetCredentials: %v", err)
	}
	casWith(t, e, c)
}

// credentials-go's own CloudSSO provider signs in at the emulator.
func TestCloudSSOServesTemporaryCredentials(t *testing.T) {
	e := newEnv(t, Options{CloudSSOAccessTokens: []string{"sso-token"}})
	build := func(token string) *providers.CloudSSOCredentialsProvider {
		p, err := providers.NewCloudSSOCredentialsProviderBuilder().WithSignInUrl(e.http.URL).WithAccountId("1234567890123456").
			WithAccessConfig("ac-certs").WithAccessToken(token).WithAccessTokenExpire(time.Now().Add(time.Hour).Unix()).Build()
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	c, err := build("sso-token").GetCredentials()
	if err != nil {
		t.Fatalf("GetCredentials: %v", err)
	}
	casWith(t, e, c)
	if _, err := build("stolen-token").GetCredentials(); err == nil || !strings.Contains(err.Error(), "InvalidAccessToken") {
		t.Errorf("an unknown access token got %v, want InvalidAccessToken", err)
	}
}

// The emulator's certificate authority and proxy, as a client configured
// to use them sees them. The client only ever dials the proxy.
func proxiedClient(t *testing.T, srv *Server) *http.Client {
	t.Helper()
	ca, err := NewAuthority()
	if err != nil {
		t.Fatal(err)
	}
	proxy := &Proxy{Authority: ca}
	proxy.SetHandler(srv)
	ps := httptest.NewServer(proxy)
	t.Cleanup(ps.Close)
	proxyURL, _ := url.Parse(ps.URL)
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(ca.CertPEM())
	transport := &http.Transport{Proxy: http.ProxyURL(proxyURL), TLSClientConfig: &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12}}
	t.Cleanup(transport.CloseIdleConnections)
	return &http.Client{Transport: transport}
}

func get(t *testing.T, c *http.Client, method, target string, header http.Header) (int, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, target, nil)
	if err != nil {
		t.Fatal(err)
	}
	if header != nil {
		req.Header = header
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer func() { _ = resp.Body.Close() }()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// The ECS metadata service, reached at its fixed address through the proxy
// as credentials-go reaches it: IMDSv2 token, role name, role credentials.
func TestInstanceMetadataThroughProxy(t *testing.T) {
	srv, err := New(Options{InstanceRoleName: "certs-reader"})
	if err != nil {
		t.Fatal(err)
	}
	c := proxiedClient(t, srv)
	const base = "http://100.100.100.200/latest"
	if status, token := get(t, c, http.MethodPut, base+"/api/token", http.Header{"X-Aliyun-Ecs-Metadata-Token-Ttl-Seconds": {"21600"}}); status != 200 || token == "" {
		t.Fatalf("token: %d %q", status, token)
	}
	if status, role := get(t, c, http.MethodGet, base+"/meta-data/ram/security-credentials/", nil); status != 200 || role != "certs-reader" {
		t.Fatalf("role name: %d %q", status, role)
	}
	status, body := get(t, c, http.MethodGet, base+"/meta-data/ram/security-credentials/certs-reader", nil)
	var creds map[string]string
	if status != 200 || json.Unmarshal([]byte(body), &creds) != nil || creds["Code"] != "Success" || creds["SecurityToken"] == "" {
		t.Fatalf("role credentials: %d %s", status, body)
	}
	if status, _ := get(t, c, http.MethodGet, base+"/meta-data/ram/security-credentials/other-role", nil); status != 404 {
		t.Errorf("another role's credentials: %d, want 404", status)
	}
}

// Alibaba Cloud host names are answered by the emulator over TLS with the
// authority's certificates; every other destination is refused.
func TestProxyServesAliyunHostsAndRefusesTheRest(t *testing.T) {
	srv, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	c := proxiedClient(t, srv)
	// An unsigned call: the emulator's own refusal proves it answered.
	if status, body := get(t, c, http.MethodGet, "https://sts.cn-hangzhou.aliyuncs.com/?Action=ListDeploymentJobCert&Version="+casVersion, nil); status != 400 || !strings.Contains(body, "MissingAuthorization") {
		t.Errorf("through the tunnel: %d %s, want the emulator's 400 MissingAuthorization", status, body)
	}
	for _, target := range []string{"https://example.com/", "http://example.com/", "https://cas.aliyuncs.com:8443/"} {
		if status, body := get(t, c, http.MethodGet, target, nil); status == 200 || (status != 403 && !strings.Contains(body, "Forbidden")) {
			t.Errorf("%s: %d %s, want it refused", target, status, body)
		}
	}
	if srv.Requests() != 1 {
		t.Errorf("the emulator saw %d requests, want only the one for an Alibaba Cloud host", srv.Requests())
	}
}
