package provider

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

const resourcesAddress = "data.alicas_deployment_job_resources.test"

// resourcesFixture: a load-balancer resource with every field (flags as
// numbers, times as strings of milliseconds, an ID above 2^53), a multi-cloud
// resource with flags as strings, and one with nothing but its Id.
const resourcesFixture = `{"jobs": {
  "8888": {"resources": [
    {"Id": 20981, "CloudName": "aliyun", "CloudProduct": "SLB", "CloudRegion": "cn-shanghai", "RegionId": "cn-shanghai",
     "Domain": "shop.example.com", "InstanceId": "lb-uf6k2v9xd1shop", "ListenerId": "lsn-uf6k2v9xd1shop@443", "ListenerPort": "443",
     "CertId": 9007199254740993, "CertName": "shop.example.com", "CertStartTime": "1765765800000", "CertEndTime": "1797215399000",
     "EnableHttps": 1, "UseSsl": 0, "DefaultResource": 1, "Status": "online", "CloudAccessId": "", "Remark": "{\"waf\":\"3.0\"}",
     "GmtCreate": "1772442900000", "GmtModified": "1779260531000", "UserId": 1666884372152785},
    {"Id": 21102, "CloudName": "Tencent", "CloudProduct": "TencentCDN", "CloudRegion": "ap-guangzhou", "Domain": "cdn.example.io",
     "CertId": "20020001", "CertStartTime": 1789441445, "EnableHttps": "0", "UseSsl": "1", "CloudAccessId": "8841"},
    {"Id": 7}
  ]},
  "9001": []
}}`

func TestAccDeploymentJobResources_mapping(t *testing.T) {
	t.Parallel()
	url := startEmulator(t, emulator.Options{}, resourcesFixture).URL
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: providerConfig(url) + `
data "alicas_deployment_job_resources" "test" {
  job_id = 8888
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(resourcesAddress, tfjsonpath.New("job_id"), knownvalue.Int64Exact(8888)),
				statecheck.ExpectKnownValue(resourcesAddress, tfjsonpath.New("resources"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"id":               knownvalue.Int64Exact(20981),
						"cloud_name":       knownvalue.StringExact("aliyun"),
						"cloud_product":    knownvalue.StringExact("SLB"),
						"cloud_region":     knownvalue.StringExact("cn-shanghai"),
						"region_id":        knownvalue.StringExact("cn-shanghai"),
						"domain":           knownvalue.StringExact("shop.example.com"),
						"instance_id":      knownvalue.StringExact("lb-uf6k2v9xd1shop"),
						"listener_id":      knownvalue.StringExact("lsn-uf6k2v9xd1shop@443"),
						"listener_port":    knownvalue.StringExact("443"),
						"cert_id":          knownvalue.Int64Exact(9007199254740993),
						"cert_name":        knownvalue.StringExact("shop.example.com"),
						"cert_start_time":  knownvalue.Int64Exact(1765765800000),
						"cert_not_before":  knownvalue.StringExact("2025-12-15T02:30:00Z"),
						"cert_end_time":    knownvalue.Int64Exact(1797215399000),
						"cert_not_after":   knownvalue.StringExact("2026-12-14T02:29:59Z"),
						"enable_https":     knownvalue.Bool(true),
						"use_ssl":          knownvalue.Bool(false),
						"default_resource": knownvalue.Bool(true),
						"status":           knownvalue.StringExact("online"),
						"cloud_access_id":  knownvalue.StringExact(""),
						"remark":           knownvalue.StringExact(`{"waf":"3.0"}`),
						"gmt_create":       knownvalue.Int64Exact(1772442900000),
						"created_at":       knownvalue.StringExact("2026-03-02T09:15:00Z"),
						"gmt_modified":     knownvalue.Int64Exact(1779260531000),
						"modified_at":      knownvalue.StringExact("2026-05-20T07:02:11Z"),
						"user_id":          knownvalue.Int64Exact(1666884372152785),
					}),
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"id":               knownvalue.Int64Exact(21102),
						"cloud_name":       knownvalue.StringExact("Tencent"),
						"cloud_product":    knownvalue.StringExact("TencentCDN"),
						"cloud_region":     knownvalue.StringExact("ap-guangzhou"),
						"region_id":        knownvalue.Null(),
						"domain":           knownvalue.StringExact("cdn.example.io"),
						"instance_id":      knownvalue.Null(),
						"listener_id":      knownvalue.Null(),
						"listener_port":    knownvalue.Null(),
						"cert_id":          knownvalue.Int64Exact(20020001),
						"cert_name":        knownvalue.Null(),
						"cert_start_time":  knownvalue.Int64Exact(1789441445),
						"cert_not_before":  knownvalue.StringExact("2026-09-15T03:04:05Z"),
						"cert_end_time":    knownvalue.Null(),
						"cert_not_after":   knownvalue.Null(),
						"enable_https":     knownvalue.Bool(false),
						"use_ssl":          knownvalue.Bool(true),
						"default_resource": knownvalue.Null(),
						"status":           knownvalue.Null(),
						"cloud_access_id":  knownvalue.StringExact("8841"),
						"remark":           knownvalue.Null(),
						"gmt_create":       knownvalue.Null(),
						"created_at":       knownvalue.Null(),
						"gmt_modified":     knownvalue.Null(),
						"modified_at":      knownvalue.Null(),
						"user_id":          knownvalue.Null(),
					}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"id": knownvalue.Int64Exact(7), "cloud_product": knownvalue.Null(), "enable_https": knownvalue.Null(),
					}),
				})),
			},
		}},
	})
}

// A job without resources gives [] (a job the account does not have is an
// error: user_mistakes_test.go).
func TestAccDeploymentJobResources_noneIsEmptyList(t *testing.T) {
	t.Parallel()
	url := startEmulator(t, emulator.Options{}, resourcesFixture).URL
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: providerConfig(url) + `
data "alicas_deployment_job_resources" "test" {
  job_id = 9001
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(resourcesAddress, tfjsonpath.New("resources"), knownvalue.ListExact([]knownvalue.Check{})),
			},
		}},
	})
}

func TestAccDeploymentJobResources_jobIDValidation(t *testing.T) {
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: providerConfig("http://127.0.0.1:1") + `
data "alicas_deployment_job_resources" "test" {
  job_id = 0
}
`,
			ExpectError: errorPattern("Invalid job_id", "job_id must be a whole number of at least 1, got 0"),
		}},
	})
}

// The README's example answers its question: which job put a certificate
// expiring within 30 days (or already expired) on which resource, and
// nothing else. The README must carry the example file as it is.
func TestAccExample_expiringCertificatesByResource(t *testing.T) {
	t.Parallel()
	example, err := os.ReadFile("../../examples/data-sources/alicas_deployment_job_resources/data-source.tf")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), string(example)) {
		t.Error("README.md does not carry examples/data-sources/alicas_deployment_job_resources/data-source.tf verbatim")
	}
	now := time.Now().UTC()
	soon := now.Add(10 * 24 * time.Hour).Truncate(time.Second)
	later := now.Add(100 * 24 * time.Hour).Truncate(time.Second)
	gone := now.Add(-5 * 24 * time.Hour).Truncate(time.Second)
	fixture := fmt.Sprintf(`{"jobs": {
	  "8888": {"job": {"Name": "web-frontends"}, "resources": [
	    {"Id": 1, "CloudProduct": "CDN", "Domain": "www.example.com", "CertName": "www-cert", "CertEndTime": "%d"},
	    {"Id": 2, "CloudProduct": "SLB", "InstanceId": "lb-1", "CertName": "shop-cert", "CertEndTime": "%d"},
	    {"Id": 3, "CloudProduct": "WAF", "Domain": "no-cert.example.com"}
	  ]},
	  "9001": {"resources": [
	    {"Id": 4, "CloudProduct": "OSS", "CertName": "blog-cert", "CertEndTime": "%d"}
	  ]},
	  "9002": {"job": {"Name": "quiet"}}
	}}`, soon.UnixMilli(), later.UnixMilli(), gone.UnixMilli())
	url := startEmulator(t, emulator.Options{}, fixture).URL

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: providerConfig(url) + string(example),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("expiring_within_30_days", knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringExact(fmt.Sprintf("web-frontends: www-cert on CDN www.example.com, valid until %s", soon.Format(time.RFC3339))),
						knownvalue.StringExact(fmt.Sprintf("9001: blog-cert on OSS 4, valid until %s", gone.Format(time.RFC3339))),
					})),
				},
			},
			endWithoutForEach(url),
		},
	})
}
