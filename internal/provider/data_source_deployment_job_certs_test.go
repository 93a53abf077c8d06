package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

const certsAddress = "data.alicas_deployment_job_certs.test"

// mappingFixture exercises every field: a full certificate (milliseconds), an
// order without a certificate (OrderId only, most fields absent), a seconds
// timestamp, IDs above 2^31 and 2^53, unicode, and empty versus absent Sans.
const mappingFixture = `{"jobs": {
  "8888": [
    {"CertId": 11174100, "CertInstanceId": "cas-ivauto-2crxzi", "CertName": "edkog.shop",
     "CommonName": "vaultwebhook.vault-webhook.svc", "Sans": ["aliyundoc.com", "www.aliyundoc.com"],
     "Algorithm": "RSA", "NotBeforeTime": 1683625266108, "NotAfterTime": 1715161266000, "Month": 12,
     "StatusCode": "issued", "CertType": "DV", "CertOrderType": "buy", "IsTrustee": true},
    {"OrderId": 6127067, "CertName": "订单-证书", "StatusCode": "payed", "Sans": []},
    {"CertId": 9007199254740993, "CertName": "seconds.example.com", "Algorithm": "ECC",
     "NotBeforeTime": 1683625266, "NotAfterTime": 4102444800, "IsTrustee": false, "CertOrderType": "upload"}
  ],
  "4294967298": [
    {"CertId": 3000000000, "CertName": "big-ids.example.com"}
  ]
}}`

func TestAccDeploymentJobCerts_mapping(t *testing.T) {
	t.Parallel()
	url := startEmulator(t, emulator.Options{}, mappingFixture).URL
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: providerConfig(url) + `
data "alicas_deployment_job_certs" "test" {
  job_id = 8888
}
data "alicas_deployment_job_certs" "big" {
  job_id = 4294967298
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(certsAddress, tfjsonpath.New("job_id"), knownvalue.Int64Exact(8888)),
				statecheck.ExpectKnownValue(certsAddress, tfjsonpath.New("certificates"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"cert_id":          knownvalue.Int64Exact(11174100),
						"order_id":         knownvalue.Null(),
						"cert_instance_id": knownvalue.StringExact("cas-ivauto-2crxzi"),
						"cert_name":        knownvalue.StringExact("edkog.shop"),
						"common_name":      knownvalue.StringExact("vaultwebhook.vault-webhook.svc"),
						"sans":             knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("aliyundoc.com"), knownvalue.StringExact("www.aliyundoc.com")}),
						"algorithm":        knownvalue.StringExact("RSA"),
						"not_before_time":  knownvalue.Int64Exact(1683625266108),
						"not_after_time":   knownvalue.Int64Exact(1715161266000),
						"not_before":       knownvalue.StringExact("2023-05-09T09:41:06.108Z"),
						"not_after":        knownvalue.StringExact("2024-05-08T09:41:06Z"),
						"month":            knownvalue.Int64Exact(12),
						"status_code":      knownvalue.StringExact("issued"),
						"cert_type":        knownvalue.StringExact("DV"),
						"cert_order_type":  knownvalue.StringExact("buy"),
						"is_trustee":       knownvalue.Bool(true),
					}),
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"cert_id":          knownvalue.Null(),
						"order_id":         knownvalue.Int64Exact(6127067),
						"cert_instance_id": knownvalue.Null(),
						"cert_name":        knownvalue.StringExact("订单-证书"),
						"common_name":      knownvalue.Null(),
						"sans":             knownvalue.ListExact([]knownvalue.Check{}),
						"algorithm":        knownvalue.Null(),
						"not_before_time":  knownvalue.Null(),
						"not_after_time":   knownvalue.Null(),
						"not_before":       knownvalue.Null(),
						"not_after":        knownvalue.Null(),
						"month":            knownvalue.Null(),
						"status_code":      knownvalue.StringExact("payed"),
						"cert_type":        knownvalue.Null(),
						"cert_order_type":  knownvalue.Null(),
						"is_trustee":       knownvalue.Null(),
					}),
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"cert_id":          knownvalue.Int64Exact(9007199254740993),
						"order_id":         knownvalue.Null(),
						"cert_instance_id": knownvalue.Null(),
						"cert_name":        knownvalue.StringExact("seconds.example.com"),
						"common_name":      knownvalue.Null(),
						"sans":             knownvalue.Null(),
						"algorithm":        knownvalue.StringExact("ECC"),
						"not_before_time":  knownvalue.Int64Exact(1683625266),
						"not_after_time":   knownvalue.Int64Exact(4102444800),
						"not_before":       knownvalue.StringExact("2023-05-09T09:41:06Z"),
						"not_after":        knownvalue.StringExact("2100-01-01T00:00:00Z"),
						"month":            knownvalue.Null(),
						"status_code":      knownvalue.Null(),
						"cert_type":        knownvalue.Null(),
						"cert_order_type":  knownvalue.StringExact("upload"),
						"is_trustee":       knownvalue.Bool(false),
					}),
				})),
				statecheck.ExpectKnownValue("data.alicas_deployment_job_certs.big", tfjsonpath.New("job_id"), knownvalue.Int64Exact(4294967298)),
				statecheck.ExpectKnownValue("data.alicas_deployment_job_certs.big", tfjsonpath.New("certificates").AtSliceIndex(0).AtMapKey("cert_id"), knownvalue.Int64Exact(3000000000)),
			},
		}},
	})
}

func TestAccDeploymentJobCerts_emptyJobIsEmptyList(t *testing.T) {
	t.Parallel()
	url := startEmulator(t, emulator.Options{}, `{"jobs": {"777": []}}`).URL
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: providerConfig(url) + `
data "alicas_deployment_job_certs" "test" {
  job_id = 777
}
output "count" {
  value = length(data.alicas_deployment_job_certs.test.certificates)
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(certsAddress, tfjsonpath.New("certificates"), knownvalue.ListExact([]knownvalue.Check{})),
				statecheck.ExpectKnownOutputValue("count", knownvalue.Int64Exact(0)),
			},
		}},
	})
}

// The job ID comes from a resource not created yet: the read waits for apply
// instead of failing the plan.
func TestAccDeploymentJobCerts_jobIDUnknownAtPlan(t *testing.T) {
	t.Parallel()
	url := startEmulator(t, emulator.Options{}, mappingFixture).URL
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: providerConfig(url) + `
resource "terraform_data" "job" {
  input = 8888
}
data "alicas_deployment_job_certs" "test" {
  job_id = terraform_data.job.output
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(certsAddress, tfjsonpath.New("certificates"), knownvalue.ListSizeExact(3)),
			},
		}},
	})
}

func TestAccDeploymentJobCerts_jobIDValidation(t *testing.T) {
	for _, id := range []string{"0", "-3"} {
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProviders,
			Steps: []resource.TestStep{{
				Config: providerConfig("http://127.0.0.1:1") + fmt.Sprintf(`
data "alicas_deployment_job_certs" "test" {
  job_id = %s
}
`, id),
				ExpectError: errorPattern("Invalid job_id", "job_id must be a whole number of at least 1, got "+id),
			}},
		})
	}
}

// A wrong secret: TestAccUserMistakes, item 6.

func TestAccDeploymentJobCerts_unknownAccessKey(t *testing.T) {
	url := startEmulator(t, emulator.Options{}, mappingFixture).URL
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: providerBlock(url, "", keysArguments("LTAI-nobody", "whatever")) + `
data "alicas_deployment_job_certs" "test" {
  job_id = 8888
}
`,
			ExpectError: errorPattern("HTTP 404 with Code InvalidAccessKeyId.NotFound", "RequestId: "+requestIDPattern,
				"Alibaba Cloud does not know this AccessKey ID \\(access_key\\): check it"),
		}},
	})
}

func TestAccDeploymentJobCerts_environmentFallbacks(t *testing.T) {
	url := startEmulator(t, emulator.Options{}, mappingFixture).URL
	clearCredentialEnv(t)
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", emulator.DefaultAccessKeyID)
	t.Setenv("ALICLOUD_SECRET_KEY", emulator.DefaultAccessKeySecret)
	t.Setenv("ALIBABA_CLOUD_ENDPOINT_CAS", url)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: `
provider "alicas" {}
data "alicas_deployment_job_certs" "test" {
  job_id = 8888
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(certsAddress, tfjsonpath.New("certificates"), knownvalue.ListSizeExact(3)),
			},
		}},
	})
}

func TestAccDeploymentJobCerts_securityToken(t *testing.T) {
	url := startEmulator(t, emulator.Options{Credentials: []emulator.Credential{
		{AccessKeyID: "STS.test", AccessKeySecret: "sts-secret", SecurityToken: "token-abc"},
	}}, mappingFixture).URL
	config := func(token string) string {
		return fmt.Sprintf(`
provider "alicas" {
  access_key     = "STS.test"
  secret_key     = "sts-secret"
  security_token = %q
  endpoints {
    cas = %q
  }
}
data "alicas_deployment_job_certs" "test" {
  job_id = 8888
}
`, token, url)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config:      config("token-wrong"),
				ExpectError: errorPattern("Code InvalidSecurityToken.Malformed", "The STS token \\(security_token\\) is not valid for this AccessKey"),
			},
			{
				Config: config("token-abc"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(certsAddress, tfjsonpath.New("certificates"), knownvalue.ListSizeExact(3)),
				},
			},
		},
	})
}

func TestAccProvider_missingCredentials(t *testing.T) {
	clearCredentialEnv(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: `
provider "alicas" {
  endpoints {
    cas = "http://127.0.0.1:1"
  }
}
data "alicas_deployment_job_certs" "test" {
  job_id = 8888
}
`,
			ExpectError: errorPattern("No Alibaba Cloud credentials", "1. access_key and secret_key", "ALICLOUD_ACCESS_KEY, ALIBABA_CLOUD_ACCESS_KEY_ID",
				"2. profile or shared_credentials_file", "3. credentials_uri", "4. ecs_role_name", "5. an assume_role_with_oidc block",
				"6. the current profile of ~/.aliyun/config.json"),
		}},
	})
}

// A provider argument that comes from a resource is unknown during the first
// plan: the user gets one diagnostic saying which and what to do, not a crash.
func TestAccProvider_unknownArgumentAtPlan(t *testing.T) {
	url := startEmulator(t, emulator.Options{}, mappingFixture).URL
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
resource "terraform_data" "key" {
  input = %q
}
provider "alicas" {
  access_key = terraform_data.key.output
  secret_key = %q
  endpoints {
    cas = %q
  }
}
data "alicas_deployment_job_certs" "test" {
  job_id = 8888
}
`, emulator.DefaultAccessKeyID, emulator.DefaultAccessKeySecret, url),
			ExpectError: errorPattern("Provider configuration is not known yet", "The provider arguments access_key depend on values known only after apply"),
		}},
	})
}

func TestAccDeploymentJobCerts_unreachableEndpoint(t *testing.T) {
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			// Connection refused is retried (a restarting service refuses too).
			Config: providerConfig("http://127.0.0.1:1", "max_retries = 1") + `
data "alicas_deployment_job_certs" "test" {
  job_id = 8888
}
`,
			ExpectError: errorPattern("Could not list the certificates of deployment job 8888", "connection refused", "Check the endpoint \\(endpoints.cas",
				`Gave up after 2 attempts over [0-9.]+m?s \(max_retries = 1\)`),
		}},
	})
}

// One account, one truth: the default account's recorded job 8888 shows
// certificate 11174101 (its second) as the certificate itself does, and its
// resource 20981 (its third) carries it with the same validity.
func TestAccDeploymentJobCerts_defaultAccountOneTruth(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{}, "")
	sameEnd := statecheck.CompareValue(compare.ValuesSame())
	jobCert := tfjsonpath.New("certificates").AtSliceIndex(1)
	jobResource := tfjsonpath.New("resources").AtSliceIndex(2)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: providerConfig(srv.URL) + `
data "alicas_deployment_job_certs" "web" {
  job_id = 8888
}
data "alicas_deployment_job_resources" "web" {
  job_id = 8888
}
data "alicas_certificate" "shop" {
  cert_id = 11174101
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.alicas_deployment_job_certs.web", jobCert.AtMapKey("cert_id"), knownvalue.Int64Exact(11174101)),
				statecheck.ExpectKnownValue("data.alicas_deployment_job_resources.web", jobResource.AtMapKey("id"), knownvalue.Int64Exact(20981)),
				statecheck.ExpectKnownValue("data.alicas_deployment_job_resources.web", jobResource.AtMapKey("cert_id"), knownvalue.Int64Exact(11174101)),
				sameEnd.AddStateValue("data.alicas_certificate.shop", tfjsonpath.New("not_after")),
				sameEnd.AddStateValue("data.alicas_deployment_job_certs.web", jobCert.AtMapKey("not_after")),
				sameEnd.AddStateValue("data.alicas_deployment_job_resources.web", jobResource.AtMapKey("cert_not_after")),
			},
		}},
	})
}
