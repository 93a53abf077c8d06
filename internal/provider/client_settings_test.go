package provider

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

// seen records the Host and User-Agent of what reaches the emulator through
// the test proxy, i.e. calls to the real Alibaba Cloud host names.
type seen struct {
	mu         sync.Mutex
	next       http.Handler
	hosts      []string
	userAgents []string
}

func (s *seen) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	if !slices.Contains(s.hosts, r.Host) {
		s.hosts = append(s.hosts, r.Host)
	}
	s.userAgents = append(s.userAgents, r.UserAgent())
	s.mu.Unlock()
	s.next.ServeHTTP(w, r)
}

func (s *seen) reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hosts, s.userAgents = nil, nil
}

// calledHosts is a step check: the run called exactly these hosts.
func (s *seen) calledHosts(want ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		s.mu.Lock()
		defer s.mu.Unlock()
		got := slices.Sorted(slices.Values(s.hosts))
		if slices.Sort(want); !slices.Equal(got, want) {
			return fmt.Errorf("called %v, want %v", got, want)
		}
		return nil
	}
}

// throughProxy serves srv at Alibaba Cloud's own host names and records
// what reaches it.
func throughProxy(srv *testEmulator) *seen {
	s := &seen{next: srv}
	testProxy.SetHandler(s)
	return s
}

// Without endpoints, account_type and region choose the CAS and STS hosts,
// and nothing else is called to find them.
func TestAccEndpoints_accountTypeAndRegion(t *testing.T) {
	clearCredentialEnv(t)
	srv := credentialEmulator(t, nil)
	host := srv.Host
	calls := throughProxy(srv)
	keys := fmt.Sprintf("  access_key = %q\n  secret_key = %q\n", profileUser.AccessKeyID, profileUser.AccessKeySecret)
	role := fmt.Sprintf("  access_key = %q\n  secret_key = %q\n  assume_role {\n    role_arn = %q\n  }\n", baseUser.AccessKeyID, baseUser.AccessKeySecret, testRoleARN)
	step := func(env map[string]string, body string, hosts ...string) resource.TestStep {
		s := readsCerts("provider \"alicas\" {\n" + body + "}\n")
		s.PreConfig = func() {
			calls.reset()
			for k, v := range env {
				t.Setenv(k, v)
			}
		}
		s.Check = calls.calledHosts(hosts...)
		return s
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config:      "provider \"alicas\" {\n" + keys + "  account_type = \"Intl\"\n}\n" + certsRead,
				ExpectError: errorPattern("Invalid account_type", `account_type \(set by account_type\) is "Intl": use "Domestic"`),
			},
			{
				Config:      "provider \"alicas\" {\n" + role + "  endpoints {\n    sts = \"http://" + host + "\"\n  }\n}\n" + certsRead,
				ExpectError: errorPattern("Invalid STS endpoint", "STS is only called over HTTPS, not http"),
			},
			step(nil, keys, "cas.aliyuncs.com"),
			step(nil, keys+"  account_type = \"International\"\n  region = \"eu-central-1\"\n", "cas.ap-southeast-1.aliyuncs.com"),
			step(map[string]string{"ALIBABA_CLOUD_ACCOUNT_TYPE": "international", "ALICLOUD_REGION": "cn-shanghai"}, keys, "cas.aliyuncs.com"),
			step(map[string]string{"ALIBABA_CLOUD_ACCOUNT_TYPE": "", "ALICLOUD_REGION": ""},
				role+"  account_type = \"International\"\n  region = \"ap-southeast-1\"\n",
				"cas.ap-southeast-1.aliyuncs.com", "sts.ap-southeast-1.aliyuncs.com"),
			step(nil, role, "cas.aliyuncs.com", "sts.aliyuncs.com"),
			// An STS endpoint from the environment wins over the site's.
			step(map[string]string{"ALIBABA_CLOUD_ENDPOINT_STS": host}, role, "cas.aliyuncs.com"),
		},
	})
}

// The User-Agent names the provider and Terraform, then
// configuration_source and TF_APPEND_USER_AGENT, each once.
func TestAccUserAgent(t *testing.T) {
	clearCredentialEnv(t)
	srv := credentialEmulator(t, nil)
	calls := throughProxy(srv)
	t.Setenv("TF_APPEND_USER_AGENT", "ci/pipeline-7")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{readsCerts(fmt.Sprintf(`
provider "alicas" {
  access_key           = %q
  secret_key           = %q
  configuration_source = "team-a/certs"
}
`, profileUser.AccessKeyID, profileUser.AccessKeySecret))},
	})
	calls.mu.Lock()
	defer calls.mu.Unlock()
	if len(calls.userAgents) == 0 {
		t.Fatal("no call reached the emulator")
	}
	for _, ua := range calls.userAgents {
		i := strings.Index(ua, "terraform-provider-alicas/test Terraform/")
		if i < 0 || !strings.HasSuffix(ua, " team-a/certs ci/pipeline-7") {
			t.Errorf("User-Agent %q, want it to end in \"terraform-provider-alicas/test Terraform/<version> team-a/certs ci/pipeline-7\"", ua)
		}
	}
}

func TestUserAgentOnce(t *testing.T) {
	t.Setenv("TF_APPEND_USER_AGENT", " same\n")
	if got := userAgent("1.2.3", "1.9.0", typesString("same")); got != "terraform-provider-alicas/1.2.3 Terraform/1.9.0 same" {
		t.Errorf("userAgent = %q", got)
	}
}

// client_read_timeout bounds the wait for an answer: an endpoint that
// answers after ten seconds fails the read at 300 ms, with a diagnostic that
// names the setting.
func TestAccClientReadTimeout(t *testing.T) {
	clearCredentialEnv(t)
	slow := startEmulator(t, emulator.Options{}, "", wrappedIn(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
				return
			case <-time.After(10 * time.Second):
			}
			next.ServeHTTP(w, r)
		})
	}))
	badEnv := resource.TestStep{
		Config:      providerConfig(slow.URL) + certsRead,
		ExpectError: errorPattern("Invalid client_read_timeout", `CLIENT_READ_TIMEOUT is "soon": it must be a whole number of milliseconds`),
	}
	badEnv.PreConfig = func() { t.Setenv("CLIENT_READ_TIMEOUT", "soon") }
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			badEnv,
			{
				Config: fmt.Sprintf(`
provider "alicas" {
  access_key             = %q
  secret_key             = %q
  client_read_timeout    = 300
  client_connect_timeout = 1000
  max_retries            = 0
  endpoints {
    cas = %q
  }
}
`, emulator.DefaultAccessKeyID, emulator.DefaultAccessKeySecret, slow.URL) + certsRead,
				PreConfig:   func() { t.Setenv("CLIENT_READ_TIMEOUT", "") },
				ExpectError: errorPattern("Could not list the certificates of deployment job 8888", "timeout", "raise client_read_timeout"),
			},
		},
	})
}

func typesString(s string) types.String { return types.StringValue(s) }
