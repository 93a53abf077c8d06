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
	"strings"
	"testing"

	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

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

// startTLSEmulator serves an emulator over HTTPS on 127.0.0.1 for the
// length of the test, and through testProxy under Alibaba Cloud's host
// names. It returns the server and its host:port.
func startTLSEmulator(t *testing.T, opts emulator.Options) (*emulator.Server, string) {
	t.Helper()
	if opts.Fixture == nil {
		f, err := emulator.ParseFixture([]byte(mappingFixture))
		if err != nil {
			t.Fatal(err)
		}
		opts.Fixture = f
	}
	srv, err := emulator.New(opts)
	if err != nil {
		t.Fatalf("emulator: %v", err)
	}
	ts := httptest.NewUnstartedServer(srv)
	ts.TLS = testAuthority.TLSConfig()
	ts.StartTLS()
	testProxy.SetHandler(srv)
	t.Cleanup(func() {
		testProxy.SetHandler(nil)
		ts.Close()
	})
	addr, ok := ts.Listener.Addr().(*net.TCPAddr)
	if !ok {
		t.Fatalf("listener address %v is not TCP", ts.Listener.Addr())
	}
	return srv, addr.AddrPort().String()
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

// certsRead is the data source every credential test reads: job 8888 of
// mappingFixture, three certificates.
const certsRead = `
data "alicas_deployment_job_certs" "test" {
  job_id = 8888
}
`

func emulatorEndpoints(host string) string {
	return fmt.Sprintf(`
  endpoints {
    cas = "https://%s"
    sts = "%s"
  }`, host, host)
}
