package provider

import (
	"fmt"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

// testAccProviders runs the provider in-process; the real terraform CLI
// (from PATH or TF_ACC_TERRAFORM_PATH) drives it.
var testAccProviders = map[string]func() (tfprotov6.ProviderServer, error){
	"alicas": providerserver.NewProtocol6WithError(New("test")()),
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

// startEmulator serves fixtureJSON (empty: the default fixture) on a
// loopback port for the length of the test and returns its URL.
func startEmulator(t *testing.T, opts emulator.Options, fixtureJSON string) string {
	t.Helper()
	_, url := serveEmulator(t, opts, fixtureJSON)
	return url
}

// serveEmulator is startEmulator that also returns the server, whose
// counters (connections included) tell how many calls were made.
func serveEmulator(t *testing.T, opts emulator.Options, fixtureJSON string) (*emulator.Server, string) {
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
	ts := httptest.NewUnstartedServer(srv)
	ts.Config.ConnState = srv.ConnState
	ts.Start()
	t.Cleanup(ts.Close)
	return srv, ts.URL
}

// providerConfig is a provider block pointing at url with the emulator's
// default credential.
func providerConfig(url string) string {
	return providerConfigWithKeys(url, emulator.DefaultAccessKeyID, emulator.DefaultAccessKeySecret)
}

func providerConfigWithKeys(url, accessKey, secretKey string) string {
	return fmt.Sprintf(`
provider "alicas" {
  access_key = %q
  secret_key = %q
  endpoints {
    cas = %q
  }
}
`, accessKey, secretKey, url)
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

// Logs nobody will read are not written; logs asked for are.
func TestQuietUnreadLogs(t *testing.T) {
	levels := []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER"}
	for _, c := range []struct {
		name string
		env  map[string]string
		want string // of every level variable but those set in env
	}{
		{"nothing asked for", map[string]string{}, "OFF"},
		{"TF_LOG", map[string]string{"TF_LOG": "DEBUG"}, ""},
		{"TF_LOG_PROVIDER", map[string]string{"TF_LOG_PROVIDER": "TRACE"}, ""},
		{"one subsystem", map[string]string{"TF_LOG_SDK_FRAMEWORK": "TRACE"}, "OFF"},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, name := range append(levels, "TF_LOG") {
				t.Setenv(name, c.env[name])
			}
			QuietUnreadLogs()
			for _, name := range levels {
				want := c.want
				if v, ok := c.env[name]; ok {
					want = v
				}
				if got := os.Getenv(name); got != want {
					t.Errorf("%s = %q, want %q", name, got, want)
				}
			}
		})
	}
}
