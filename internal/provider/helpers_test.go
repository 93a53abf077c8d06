package provider

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
	"github.com/alicas/terraform-provider-alicas/internal/emulator"
	"github.com/alicas/terraform-provider-alicas/internal/lifecycle"
)

// What every test of this package shares: the provider under test, the
// loopback network, the one way to start an emulator and the one writer of
// the provider block. The acceptance tests run with plain `go test`
// (resource.UnitTest): they need the terraform CLI and nothing off this
// machine.

// testAccProviders runs the provider in-process; the real terraform CLI
// (from PATH or TF_ACC_TERRAFORM_PATH) drives it.
var testAccProviders = map[string]func() (tfprotov6.ProviderServer, error){
	"alicas": providerserver.NewProtocol6WithError(New("test")()),
}

// providersOnClock is testAccProviders with the provider's waits (retries,
// the rate limit, read timeouts) on clock instead of the real time.
func providersOnClock(clock cas.Clock) map[string]func() (tfprotov6.ProviderServer, error) {
	return testProviders(clock, lifecycle.Polling{})
}

// testProviders is the provider under test waiting by clock (nil: the real
// one) and polling what it waits for as polling says (zero: the default).
// Each test has its own: nothing is shared, so tests run in parallel.
func testProviders(clock cas.Clock, polling lifecycle.Polling) map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"alicas": providerserver.NewProtocol6WithError(&alicasProvider{version: "test", clock: clock, polling: polling}),
	}
}

func TestMain(m *testing.M) {
	// Tests send traffic to loopback only: never let a credential chain reach
	// the ECS metadata service.
	_ = os.Setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
	// Nor may the terraform CLI ask checkpoint-api.hashicorp.com about new versions.
	_ = os.Setenv("CHECKPOINT_DISABLE", "1")
	// A CLI config file that does not exist makes terraform warn on every run.
	if f := os.Getenv("TF_CLI_CONFIG_FILE"); f != "" {
		if _, err := os.Stat(f); err != nil { //nolint:gosec // only asks whether the configured file exists
			_ = os.Setenv("TF_CLI_CONFIG_FILE", os.DevNull)
		}
	}
	cleanup, err := setUpLoopbackNetwork()
	if err != nil {
		fmt.Fprintln(os.Stderr, "setting up the test network:", err)
		os.Exit(1)
	}
	code := m.Run()
	cleanup()
	os.Exit(code)
}

// requestIDPattern matches the RequestIds the emulator gives, as the service does.
const requestIDPattern = `[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}`

// errorPattern matches a diagnostic holding each part in order. Terraform
// wraps diagnostics to the terminal width, so a space matches any white space.
func errorPattern(parts ...string) *regexp.Regexp {
	for i, p := range parts {
		parts[i] = strings.ReplaceAll(p, " ", `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(parts, ".*"))
}

// The tests' stand-in for the network, set up once by TestMain before any
// TLS or proxy lookup happens (Go reads SSL_CERT_FILE and the proxy
// variables once per process):
//   - testAuthority signs every certificate the tests serve, and
//     SSL_CERT_FILE holds it: credentials-go trusts only the system roots,
//     and always calls STS over HTTPS;
//   - testProxy is HTTPS_PROXY and HTTP_PROXY, for what credentials-go calls
//     at fixed addresses (sts.<region>.aliyuncs.com from a CLI profile, the
//     ECS metadata service at 100.100.100.200). It answers them from the
//     current test's emulator and refuses everything else, so nothing leaves
//     127.0.0.1.
var (
	testAuthority *emulator.Authority
	testProxy     *emulator.Proxy
)

func setUpLoopbackNetwork() (cleanup func(), err error) {
	if testAuthority, err = emulator.NewAuthority(); err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "alicas-test-ca")
	if err != nil {
		return nil, err
	}
	caFile := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(caFile, testAuthority.CertPEM(), 0o600); err != nil {
		return nil, err
	}
	testProxy = &emulator.Proxy{Authority: testAuthority}
	proxy := httptest.NewServer(testProxy)
	for name, value := range map[string]string{
		"SSL_CERT_FILE": caFile,
		"HTTPS_PROXY":   proxy.URL, "https_proxy": proxy.URL,
		"HTTP_PROXY": proxy.URL, "http_proxy": proxy.URL,
		"NO_PROXY": "", "no_proxy": "",
	} {
		if err := os.Setenv(name, value); err != nil {
			return nil, err
		}
	}
	// Prove the proxy is in force before any test relies on it.
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, "http://100.100.100.200/latest/", nil)
	if u, err := http.ProxyFromEnvironment(req); err != nil || u == nil || u.Host != strings.TrimPrefix(proxy.URL, "http://") {
		proxy.Close()
		return nil, errors.New("the test proxy is not in force (was a proxy looked up before TestMain?): refusing to run tests that could reach the network")
	}
	return func() {
		proxy.Close()
		_ = os.RemoveAll(dir)
	}, nil
}

// testEmulator is an emulator a test started: its counters (Stats), and
// where it listens.
type testEmulator struct {
	*emulator.Server
	URL  string // e.g. http://127.0.0.1:41234, or https:// with overTLS
	Host string // 127.0.0.1:41234
}

// emulatorOption changes how startEmulator serves the emulator.
type emulatorOption func(*emulatorServing)

type emulatorServing struct {
	https   bool
	trusted bool // a certificate of testAuthority, and reachable through testProxy
	handler func(http.Handler) http.Handler
}

// overTLS serves HTTPS with a certificate of testAuthority, which the
// provider and credentials-go trust, and through testProxy at Alibaba
// Cloud's own host names (sts.aliyuncs.com, 100.100.100.200, ...).
func overTLS(s *emulatorServing) { s.https, s.trusted = true, true }

// overUntrustedTLS serves HTTPS with a certificate nothing here trusts.
func overUntrustedTLS(s *emulatorServing) { s.https = true }

// answeringAfter delays every answer by d on clock, the client's clock, and
// sends none if the client leaves first: a slow service that tests wait for
// without waiting. The emulator counts only the requests it answers;
// arrived counts them all.
func answeringAfter(clock cas.Clock, d time.Duration, arrived *atomic.Int64) emulatorOption {
	return wrappedIn(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			arrived.Add(1)
			if clock.Sleep(r.Context(), d) == nil {
				next.ServeHTTP(w, r)
			}
		})
	})
}

// wrappedIn puts wrap between the network and the emulator, e.g. to delay answers.
func wrappedIn(wrap func(http.Handler) http.Handler) emulatorOption {
	return func(s *emulatorServing) { s.handler = wrap }
}

// startEmulator is how every test starts an emulator: fixtureJSON (empty:
// the emulator's default fixture) and opts, on a loopback port, for the
// length of the test.
func startEmulator(t testing.TB, opts emulator.Options, fixtureJSON string, serving ...emulatorOption) *testEmulator {
	t.Helper()
	if fixtureJSON != "" {
		f, err := emulator.ParseFixture([]byte(fixtureJSON))
		if err != nil {
			t.Fatalf("fixture: %v", err)
		}
		opts.Fixture = f
	}
	srv, err := emulator.New(opts)
	if err != nil {
		t.Fatalf("emulator: %v", err)
	}
	var s emulatorServing
	for _, o := range serving {
		o(&s)
	}
	var h http.Handler = srv
	if s.handler != nil {
		h = s.handler(srv)
	}
	ts := httptest.NewUnstartedServer(h)
	ts.Config.ConnState = srv.ConnState
	switch {
	case s.trusted:
		ts.TLS = testAuthority.TLSConfig()
		ts.StartTLS()
		testProxy.SetHandler(h)
	case s.https:
		ts.StartTLS() // with httptest's own certificate
	default:
		ts.Start()
	}
	t.Cleanup(func() {
		if s.trusted {
			testProxy.SetHandler(nil)
		}
		ts.Close()
	})
	addr, ok := ts.Listener.Addr().(*net.TCPAddr)
	if !ok {
		t.Fatalf("listener address %v is not TCP", ts.Listener.Addr())
	}
	return &testEmulator{Server: srv, URL: ts.URL, Host: addr.AddrPort().String()}
}

// providerBlock is the one writer of the provider block: arguments (HCL,
// one per line), then endpoints: cas, and sts unless it is empty.
func providerBlock(cas, sts string, arguments ...string) string {
	var b strings.Builder
	b.WriteString("\nprovider \"alicas\" {\n")
	for _, a := range arguments {
		fmt.Fprintf(&b, "  %s\n", a)
	}
	fmt.Fprintf(&b, "  endpoints {\n    cas = %q\n", cas)
	if sts != "" {
		fmt.Fprintf(&b, "    sts = %q\n", sts)
	}
	b.WriteString("  }\n}\n")
	return b.String()
}

// providerConfig is a provider block pointed at url with the emulator's
// default keys, and arguments.
func providerConfig(url string, arguments ...string) string {
	return providerBlock(url, "", append([]string{keysArguments(emulator.DefaultAccessKeyID, emulator.DefaultAccessKeySecret)}, arguments...)...)
}

// keysArguments are access_key and secret_key as provider arguments.
func keysArguments(accessKey, secretKey string) string {
	return fmt.Sprintf("access_key = %q\n  secret_key = %q", accessKey, secretKey)
}

// tlsProviderBlock points both CAS and STS at an emulator started overTLS.
func tlsProviderBlock(host string, arguments ...string) string {
	return providerBlock("https://"+host, host, arguments...)
}

// certsRead is the data source most tests read: job 8888 of mappingFixture,
// three certificates.
const certsRead = `
data "alicas_deployment_job_certs" "test" {
  job_id = 8888
}
`

// environmentVariables is what the provider reads: every variable of environment and envAppendUserAgent, once each.
func environmentVariables() []string {
	all := []string{envAppendUserAgent}
	for _, names := range environment {
		all = append(all, names...)
	}
	slices.Sort(all)
	return slices.Compact(all)
}

// clearCredentialEnv makes sure no ambient environment variable, nor the
// developer's own ~/.aliyun/config.json, feeds the provider during a test.
func clearCredentialEnv(t *testing.T) {
	t.Helper()
	// The last two are read by credentials-go itself.
	for _, name := range append(environmentVariables(), "ALIBABA_CLOUD_CONFIG_FILE", "ALIBABA_CLOUD_CLI_PROFILE_DISABLED") {
		t.Setenv(name, "")
	}
	t.Setenv("HOME", t.TempDir())
}

// writeFile writes content to name in a fresh directory and returns its path.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func ptr[T any](v T) *T { return &v }
