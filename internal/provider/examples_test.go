package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

// The documented example must do what it says: list the certificates that
// expire within 30 days, and nothing else.
func TestAccExample_deploymentJobCertsExpiringSoon(t *testing.T) {
	t.Parallel()
	example, err := os.ReadFile("../../examples/data-sources/alicas_deployment_job_certs/data-source.tf")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	soon := now.Add(10 * 24 * time.Hour).Truncate(time.Second)
	later := now.Add(100 * 24 * time.Hour).Truncate(time.Second)
	fixture := fmt.Sprintf(`{"jobs": {"8888": [
	  {"CertId": 1, "CertName": "later.example.com", "CommonName": "later.example.com", "NotAfterTime": %d},
	  {"CertId": 2, "CertName": "soon.example.com", "CommonName": "soon.example.com", "NotAfterTime": %d},
	  {"OrderId": 3, "CertName": "pending-order", "StatusCode": "payed"}
	]}}`, later.UnixMilli(), soon.UnixMilli())
	url := startEmulator(t, emulator.Options{}, fixture).URL

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: providerConfig(url) + string(example),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("expiring_within_30_days", knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact(fmt.Sprintf("soon.example.com (soon.example.com) expires %s", soon.Format(time.RFC3339))),
				})),
			},
		}},
	})
}

// The documented throttling settings work as written, credentials and
// endpoint coming from the environment.
func TestAccExample_throttlingSettings(t *testing.T) {
	example, err := os.ReadFile("../../examples/provider/throttling.tf")
	if err != nil {
		t.Fatal(err)
	}
	url := startEmulator(t, emulator.Options{}, "").URL
	clearCredentialEnv(t)
	t.Setenv("ALICLOUD_ACCESS_KEY", emulator.DefaultAccessKeyID)
	t.Setenv("ALICLOUD_SECRET_KEY", emulator.DefaultAccessKeySecret)
	t.Setenv("ALIBABA_CLOUD_ENDPOINT_CAS", url)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: string(example),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.alicas_deployment_job_certs.web", tfjsonpath.New("timeouts").AtMapKey("read"), knownvalue.StringExact("10m")),
				statecheck.ExpectKnownValue("data.alicas_deployment_job_certs.web", tfjsonpath.New("certificates"),
					knownvalue.ListSizeExact(len(emulator.DefaultFixture().Jobs["8888"]))),
			},
		}},
	})
}

// The docs' index examples and the README's first configuration run as
// written: credentials from the environment, or the emulator at the address
// they name (here the test's own emulator's).
var requiredProviders = regexp.MustCompile(`(?s)terraform \{\n  required_providers \{\n.*?\n  \}\n\}\n`)

func TestAccExample_providerBlocks(t *testing.T) {
	clearCredentialEnv(t)
	srv := startEmulator(t, emulator.Options{}, "")
	atTestEmulator := func(file string, config []byte) string {
		if !strings.Contains(string(config), "http://127.0.0.1:8735") {
			t.Fatalf("%s no longer names the emulator's address", file)
		}
		// The test framework serves the provider under its own address, so the
		// README's required_providers (what terraform init needs) is left out.
		config = requiredProviders.ReplaceAll(config, nil)
		return strings.ReplaceAll(string(config), "http://127.0.0.1:8735", srv.URL)
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	first := regexp.MustCompile("(?s)```hcl\n(.*?)```").FindSubmatch(readme)
	if first == nil {
		t.Fatal("README.md has no hcl block")
	}
	emulatorExample, err1 := os.ReadFile("../../examples/provider/emulator.tf")
	providerExample, err2 := os.ReadFile("../../examples/provider/provider.tf")
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	certs := len(emulator.DefaultFixture().Jobs["8888"])
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config:            atTestEmulator("README.md", first[1]),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownOutputValue("expires", knownvalue.MapSizeExact(certs))},
			},
			{
				Config: atTestEmulator("emulator.tf", emulatorExample),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.alicas_deployment_job_certs.web", tfjsonpath.New("certificates"), knownvalue.ListSizeExact(certs)),
				},
			},
			{
				PreConfig: func() {
					t.Setenv("ALICLOUD_ACCESS_KEY", emulator.DefaultAccessKeyID)
					t.Setenv("ALICLOUD_SECRET_KEY", emulator.DefaultAccessKeySecret)
					t.Setenv("ALIBABA_CLOUD_ENDPOINT_CAS", srv.URL)
				},
				Config: string(providerExample),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownOutputValue("deployment_jobs",
					knownvalue.MapPartial(map[string]knownvalue.Check{"8888": knownvalue.StringExact("web-frontends-2026")}))},
			},
		},
	})
}

// Each example of the docs' Authentication section runs as written against
// the emulator's credential services (STS, OIDC, instance metadata, a
// credentials URI, a CLI profile), but for the file paths and addresses it
// names, replaced by the test's own. Each step starts from a clean
// environment, so a read that works proves the example's source was used.
func TestAccExample_authentication(t *testing.T) {
	clearCredentialEnv(t)
	const exampleRole = "acs:ram::123456789012****:role/certs-reader"
	const exampleOIDCProvider = "acs:ram::123456789012****:oidc-provider/ack-rrsa-c0123"
	host := credentialEmulator(t, func(o *emulator.Options) {
		o.Roles = append(o.Roles, emulator.Role{ARN: exampleRole, ExternalID: "abc123"})
		o.OIDCProviders = append(o.OIDCProviders, emulator.OIDCProvider{ARN: exampleOIDCProvider, Tokens: []string{testOIDCToken}})
	}).Host
	tokenFile := writeFile(t, "token", testOIDCToken)
	// The environment each example assumes; the endpoints are the emulator's.
	keys := func(c emulator.Credential) map[string]string {
		return map[string]string{"ALICLOUD_ACCESS_KEY": c.AccessKeyID, "ALICLOUD_SECRET_KEY": c.AccessKeySecret}
	}
	for _, c := range []struct {
		file    string
		env     map[string]string
		replace map[string]string
		home    string // ~/.aliyun/config.json
	}{
		{file: "keys.tf", env: keys(profileUser)},
		{file: "profile.tf", home: fmt.Sprintf(`{"current": "other", "profiles": [{"name": "prod", "mode": "AK", "access_key_id": %q, "access_key_secret": %q},
  {"name": "other", "mode": "AK", "access_key_id": "LTAI-nobody", "access_key_secret": "x"}]}`, profileUser.AccessKeyID, profileUser.AccessKeySecret)},
		{file: "assume_role.tf", env: keys(baseUser)},
		{file: "assume_role_with_oidc.tf", replace: map[string]string{"/var/run/secrets/ack.alibabacloud.com/rrsa-tokens/token": tokenFile}},
		{file: "ecs_role_name.tf", env: map[string]string{"ALIBABA_CLOUD_ECS_METADATA_DISABLED": "false"}},
		{file: "credentials_uri.tf", replace: map[string]string{"http://127.0.0.1:9000/credentials": "https://" + host + "/credentials"}},
		{file: "site.tf", env: keys(profileUser)},
	} {
		t.Run(c.file, func(t *testing.T) {
			example, err := os.ReadFile("../../examples/authentication/" + c.file)
			if err != nil {
				t.Fatal(err)
			}
			config := string(example)
			for from, to := range c.replace {
				if !strings.Contains(config, from) {
					t.Fatalf("%s no longer names %s", c.file, from)
				}
				config = strings.ReplaceAll(config, from, to)
			}
			clearCredentialEnv(t)
			for name, value := range c.env {
				t.Setenv(name, value)
			}
			t.Setenv("ALIBABA_CLOUD_ENDPOINT_CAS", "https://"+host)
			t.Setenv("ALIBABA_CLOUD_ENDPOINT_STS", host)
			if c.home != "" {
				home, _ := os.UserHomeDir()
				if err := os.MkdirAll(filepath.Join(home, ".aliyun"), 0o700); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(home, ".aliyun", "config.json"), []byte(c.home), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			resource.UnitTest(t, resource.TestCase{ProtoV6ProviderFactories: testAccProviders, Steps: []resource.TestStep{readsCerts(config)}})
		})
	}
}
