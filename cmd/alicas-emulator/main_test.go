package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

// started is a run in the background, listening.
type started struct {
	scheme   string // http or https
	endpoint string // host:port
	cancel   context.CancelFunc
	done     chan struct{} // closed when run has returned
	err      error         // what run returned
	stderr   *bytes.Buffer
}

func start(t *testing.T, args ...string) *started {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	outR, outW := io.Pipe()
	s := &started{cancel: cancel, done: make(chan struct{}), stderr: &bytes.Buffer{}}
	go func() {
		s.err = run(ctx, args, outW, s.stderr)
		outW.CloseWithError(io.EOF)
		close(s.done)
	}()
	t.Cleanup(func() {
		cancel()
		<-s.done
	})
	line, err := bufio.NewReader(outR).ReadString('\n')
	if err != nil {
		<-s.done
		t.Fatalf("reading the first stdout line: %v (run: %v)", err, s.err)
	}
	m := regexp.MustCompile(`^listening on (https?)://(127\.0\.0\.1:[0-9]+)\n$`).FindStringSubmatch(line)
	if m == nil || strings.HasSuffix(m[2], ":0") {
		t.Fatalf("first stdout line = %q, want \"listening on http(s)://127.0.0.1:PORT\"", line)
	}
	s.scheme, s.endpoint = m[1], m[2]
	return s
}

// stop cancels the run and returns its result.
func (s *started) stop(t *testing.T) error {
	t.Helper()
	s.cancel()
	select {
	case <-s.done:
		return s.err
	case <-time.After(10 * time.Second):
		t.Fatal("run did not return after cancel")
		return nil
	}
}

func listCerts(endpoint, keyID, secret, jobID string) (map[string]any, error) {
	return rpc(&openapi.Config{
		Endpoint: dara.String(endpoint), Protocol: dara.String("http"),
		AccessKeyId: dara.String(keyID), AccessKeySecret: dara.String(secret),
	}, "ListDeploymentJobCert", "2020-04-07", map[string]string{"JobId": jobID})
}

// rpc makes one signed RPC call through the official runtime configured by cfg.
func rpc(cfg *openapi.Config, action, version string, query map[string]string) (map[string]any, error) {
	c, err := openapi.NewClient(cfg)
	if err != nil {
		return nil, err
	}
	params := &openapi.Params{
		Action: dara.String(action), Version: dara.String(version),
		Protocol: dara.String("HTTP"), Pathname: dara.String("/"), Method: dara.String("POST"),
		AuthType: dara.String("AK"), Style: dara.String("RPC"), ReqBodyType: dara.String("formData"), BodyType: dara.String("json"),
	}
	q := map[string]*string{}
	for k, v := range query {
		q[k] = dara.String(v)
	}
	return c.CallApiWithCtx(context.Background(), params, &openapi.OpenApiRequest{Query: q}, &dara.RuntimeOptions{})
}

func certCount(t *testing.T, res map[string]any) int {
	t.Helper()
	body, _ := res["body"].(map[string]any)
	data, ok := body["Data"].([]any)
	if !ok {
		t.Fatalf("no Data in %v", res["body"])
	}
	return len(data)
}

func TestServesSignedRequestsAndStopsCleanly(t *testing.T) {
	s := start(t, "-addr", "127.0.0.1:0")
	res, err := listCerts(s.endpoint, emulator.DefaultAccessKeyID, emulator.DefaultAccessKeySecret, "8888")
	if err != nil {
		t.Fatalf("signed call: %v", err)
	}
	if n := certCount(t, res); n != len(emulator.DefaultFixture().Jobs["8888"]) {
		t.Errorf("got %d certificates for job 8888", n)
	}
	if _, err := listCerts(s.endpoint, emulator.DefaultAccessKeyID, "wrong-secret", "8888"); err == nil {
		t.Error("a call with the wrong secret succeeded")
	}
	if err := s.stop(t); err != nil {
		t.Fatalf("run returned %v after cancel, want nil", err)
	}

	log := s.stderr.String()
	for _, want := range []string{"action=ListDeploymentJobCert status=200", "status=400 code=SignatureDoesNotMatch", "msg=stopped"} {
		if !strings.Contains(log, want) {
			t.Errorf("stderr lacks %q:\n%s", want, log)
		}
	}
	if strings.Contains(log, emulator.DefaultAccessKeySecret) {
		t.Errorf("stderr shows the secret:\n%s", log)
	}
}

func TestFlagsChooseFixtureAndCredential(t *testing.T) {
	data := filepath.Join(t.TempDir(), "jobs.json")
	if err := os.WriteFile(data, []byte(`{"jobs":{"42":[{"CertId":1},{"CertId":2},{"OrderId":3}]}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	s := start(t, "-addr", "127.0.0.1:0", "-data", data, "-access-key-id", "LTAI5tMine", "-access-key-secret", "mine")
	res, err := listCerts(s.endpoint, "LTAI5tMine", "mine", "42")
	if err != nil {
		t.Fatalf("signed call: %v", err)
	}
	if n := certCount(t, res); n != 3 {
		t.Errorf("got %d certificates for job 42, want 3", n)
	}
	if _, err := listCerts(s.endpoint, emulator.DefaultAccessKeyID, emulator.DefaultAccessKeySecret, "42"); err == nil {
		t.Error("the default credential was accepted although -access-key-id replaced it")
	}
	if err := s.stop(t); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(s.stderr.String(), "=mine") {
		t.Errorf("stderr shows the secret:\n%s", s.stderr)
	}
}

// -synthetic-certificates fills the account: ListUserCertificateOrder
// counts them beside the four valid samples.
func TestSyntheticCertificatesFlag(t *testing.T) {
	s := start(t, "-addr", "127.0.0.1:0", "-synthetic-certificates", "120")
	res, err := rpc(&openapi.Config{
		Endpoint: dara.String(s.endpoint), Protocol: dara.String("http"),
		AccessKeyId: dara.String(emulator.DefaultAccessKeyID), AccessKeySecret: dara.String(emulator.DefaultAccessKeySecret),
	}, "ListUserCertificateOrder", "2020-04-07", map[string]string{"OrderType": "CERT"})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := res["body"].(map[string]any)
	if total := fmt.Sprint(body["TotalCount"]); total != "124" {
		t.Errorf("TotalCount = %s, want 120 synthetic + 4 samples", total)
	}
	if err := s.stop(t); err != nil {
		t.Fatal(err)
	}
}

func TestRunRefusesBadStart(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(bad, []byte(`{"jobs":{"x":[]}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		args []string
		want string
	}{
		"bad fixture":         {[]string{"-addr", "127.0.0.1:0", "-data", bad}, bad},
		"missing fixture":     {[]string{"-addr", "127.0.0.1:0", "-data", bad + ".nope"}, "nope"},
		"unknown flag":        {[]string{"-port", "1"}, "flag provided but not defined"},
		"stray argument":      {[]string{"serve"}, "unexpected arguments"},
		"empty secret":        {[]string{"-addr", "127.0.0.1:0", "-access-key-secret", ""}, "AccessKeySecret"},
		"address not usable":  {[]string{"-addr", "127.0.0.1:99999"}, "invalid port"},
		"ca-out without tls":  {[]string{"-addr", "127.0.0.1:0", "-ca-out", filepath.Join(t.TempDir(), "ca.pem")}, "-ca-out needs -tls"},
		"job step not >0":     {[]string{"-addr", "127.0.0.1:0", "-job-step", "0s"}, "-job-step must be positive"},
		"negative synthetic":  {[]string{"-addr", "127.0.0.1:0", "-synthetic-certificates", "-1"}, "-synthetic-certificates must be between 0 and"},
		"ca-out not writable": {[]string{"-addr", "127.0.0.1:0", "-tls", "-ca-out", filepath.Join(bad, "ca.pem")}, "-tls"},
	} {
		t.Run(name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), tc.args, &stdout, &stderr)
			if err == nil || !strings.Contains(err.Error()+stderr.String(), tc.want) {
				t.Errorf("run error = %v (stderr %q), want it to mention %q", err, stderr.String(), tc.want)
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout = %q, want nothing when not listening", stdout.String())
			}
		})
	}
}

// With -tls the emulator serves HTTPS under a CA it writes to -ca-out before
// it announces itself: a client that trusts only that file gets through,
// one that trusts the system roots does not.
func TestTLSWithCAOut(t *testing.T) {
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	s := start(t, "-addr", "127.0.0.1:0", "-tls", "-ca-out", caFile, "-job-step", "10ms")
	if s.scheme != "https" {
		t.Fatalf("scheme %s, want https", s.scheme)
	}
	get := func(c *http.Client) (*http.Response, error) {
		req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, "https://"+s.endpoint+"/?Action=ListContact&Version=2020-04-07", nil)
		if err != nil {
			t.Fatal(err)
		}
		return c.Do(req)
	}
	trusting := &http.Client{Transport: trustingTransport(t, caFile)}
	resp, err := get(trusting)
	if err != nil {
		t.Fatalf("HTTPS with the written CA: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), `"HostId":"cas.aliyuncs.com"`) {
		t.Errorf("unsigned call over HTTPS: %d %s", resp.StatusCode, body)
	}
	if resp, err := get(&http.Client{}); err == nil {
		_ = resp.Body.Close()
		t.Error("a client trusting only the system roots accepted the emulator's certificate")
	}
	if err := s.stop(t); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(s.stderr.String(), "job_step=10ms") {
		t.Errorf("stderr lacks the job step:\n%s", s.stderr)
	}
}

// trustingTransport trusts only the CA in caFile, as a client whose
// SSL_CERT_FILE names it does.
func trustingTransport(t *testing.T, caFile string) *http.Transport {
	t.Helper()
	caPEM, err := os.ReadFile(caFile) //nolint:gosec // the test's own temporary file
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(caPEM) {
		t.Fatalf("-ca-out wrote no certificate: %q", caPEM)
	}
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12}}
	t.Cleanup(tr.CloseIdleConnections)
	return tr
}

// sdkHTTP lets the official runtime send through the test's transport.
type sdkHTTP struct{ *http.Transport }

func (c sdkHTTP) Call(req *http.Request, _ *http.Transport) (*http.Response, error) {
	return c.RoundTrip(req)
}

// stsAnswer is the part of an AssumeRole(WithOIDC) answer the tests use.
type stsAnswer struct {
	Credentials struct {
		AccessKeyID     string `json:"AccessKeyId"`
		AccessKeySecret string
		SecurityToken   string
	}
}

// The README's path: with -tls, the default key assumes the documented role
// over HTTPS (signed as credentials-go signs STS calls) and CAS accepts the
// role's credentials; the documented OIDC token gets them without a key.
func TestTLSServesSTSForTheDefaultRole(t *testing.T) {
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	s := start(t, "-addr", "127.0.0.1:0", "-tls", "-ca-out", caFile)
	tr := trustingTransport(t, caFile)
	config := func(keyID, secret, token string) *openapi.Config {
		cfg := &openapi.Config{Endpoint: dara.String(s.endpoint), Protocol: dara.String("https"),
			AccessKeyId: dara.String(keyID), AccessKeySecret: dara.String(secret),
			SignatureAlgorithm: dara.String("v2"), HttpClient: sdkHTTP{tr}}
		if token != "" {
			cfg.SecurityToken = dara.String(token)
		}
		return cfg
	}
	casWith := func(a stsAnswer) error {
		c := a.Credentials
		_, err := rpc(config(c.AccessKeyID, c.AccessKeySecret, c.SecurityToken), "ListDeploymentJobCert", "2020-04-07", map[string]string{"JobId": "8888"})
		return err
	}

	res, err := rpc(config(emulator.DefaultAccessKeyID, emulator.DefaultAccessKeySecret, ""), "AssumeRole", "2015-04-01",
		map[string]string{"RoleArn": emulator.DefaultRoleARN, "RoleSessionName": "terraform"})
	if err != nil {
		t.Fatalf("AssumeRole %s with the default key: %v", emulator.DefaultRoleARN, err)
	}
	var assumed stsAnswer
	if raw, err := json.Marshal(res["body"]); err != nil || json.Unmarshal(raw, &assumed) != nil || assumed.Credentials.SecurityToken == "" {
		t.Fatalf("AssumeRole answered %v", res["body"])
	}
	if err := casWith(assumed); err != nil {
		t.Errorf("CAS with the role's credentials: %v", err)
	}

	form := url.Values{"OIDCProviderArn": {emulator.DefaultOIDCProviderARN}, "OIDCToken": {emulator.DefaultOIDCToken},
		"RoleArn": {emulator.DefaultRoleARN}, "RoleSessionName": {"rrsa"}}
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost,
		"https://"+s.endpoint+"/?Action=AssumeRoleWithOIDC&Version=2015-04-01&Format=JSON", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var withOIDC stsAnswer
	err = json.NewDecoder(resp.Body).Decode(&withOIDC)
	_ = resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK || withOIDC.Credentials.SecurityToken == "" {
		t.Fatalf("AssumeRoleWithOIDC with the documented token: %d %+v (%v)", resp.StatusCode, withOIDC, err)
	}
	if err := casWith(withOIDC); err != nil {
		t.Errorf("CAS with the credentials from the OIDC token: %v", err)
	}

	if err := s.stop(t); err != nil {
		t.Fatal(err)
	}
	log := s.stderr.String()
	for _, want := range []string{"role_arn=" + emulator.DefaultRoleARN, "oidc_provider_arn=" + emulator.DefaultOIDCProviderARN,
		"action=AssumeRole status=200", "action=AssumeRoleWithOIDC status=200"} {
		if !strings.Contains(log, want) {
			t.Errorf("stderr lacks %q:\n%s", want, log)
		}
	}
	for _, secret := range []string{emulator.DefaultOIDCToken, assumed.Credentials.AccessKeySecret, assumed.Credentials.SecurityToken} {
		if strings.Contains(log, secret) {
			t.Errorf("stderr shows %q:\n%s", secret, log)
		}
	}
}
