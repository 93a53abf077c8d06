package provider

import (
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

// List resources need Terraform 1.14 or later (terraform query).
var queryCLIs = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)}

// The default account holds two valid uploaded certificates (11174102,
// 11174106) and one that ends within 30 days (11174101); a job made in the
// first step is found by its name.
const listQueries = `
list "alicas_certificate" "uploaded" {
  provider = alicas
  config {
    order_type = "UPLOAD"
  }
}
list "alicas_certificate" "expiring" {
  provider = alicas
  config {
    expiring_within_days = 30
  }
}
list "alicas_deployment_job" "web" {
  provider         = alicas
  include_resource = true
  config {
    name_regex = "^web$"
  }
}
`

func TestAccList_certificatesAndJobs(t *testing.T) {
	t.Parallel()
	url := startEmulator(t, emulator.Options{JobStep: 20 * time.Millisecond}, "").URL
	identity := func(attr string, id int64) map[string]knownvalue.Check {
		return map[string]knownvalue.Check{attr: knownvalue.Int64Exact(id)}
	}
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   queryCLIs,
		ProtoV6ProviderFactories: quickJobs(),
		Steps: []resource.TestStep{{
			Config: jobConfig(url, "[11174106]", "[22005]"),
		}, {
			Query:  true,
			Config: listQueries, // beside the first step's configuration, which has the provider block
			QueryResultChecks: []querycheck.QueryResultCheck{
				querycheck.ExpectLength("alicas_certificate.uploaded", 2),
				querycheck.ExpectIdentity("alicas_certificate.uploaded", identity("cert_id", 11174102)),
				querycheck.ExpectIdentity("alicas_certificate.uploaded", identity("cert_id", 11174106)),
				querycheck.ExpectResourceDisplayName("alicas_certificate.uploaded", queryfilter.ByResourceIdentity(identity("cert_id", 11174106)),
					knownvalue.StringExact("wildcard-example-io (*.example.io)")),
				querycheck.ExpectLength("alicas_certificate.expiring", 1),
				querycheck.ExpectIdentity("alicas_certificate.expiring", identity("cert_id", 11174101)),
				querycheck.ExpectLength("alicas_deployment_job.web", 1),
				querycheck.ExpectResourceDisplayName("alicas_deployment_job.web", queryfilter.ByDisplayName(knownvalue.StringRegexp(regexp.MustCompile(`^web`))),
					knownvalue.StringExact("web (success)")),
				// What -generate-config-out writes: what the job deploys.
				querycheck.ExpectResourceKnownValues("alicas_deployment_job.web", queryfilter.ByDisplayName(knownvalue.StringExact("web (success)")),
					[]querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("name"), KnownValue: knownvalue.StringExact("web")},
						{Path: tfjsonpath.New("certificate_ids"), KnownValue: knownvalue.SetExact([]knownvalue.Check{knownvalue.Int64Exact(11174106)})},
						{Path: tfjsonpath.New("resource_ids"), KnownValue: knownvalue.SetExact([]knownvalue.Check{knownvalue.Int64Exact(22005)})},
						{Path: tfjsonpath.New("contact_ids"), KnownValue: knownvalue.SetExact([]knownvalue.Check{knownvalue.Int64Exact(3304)})},
					}),
			},
		}},
	})
}

// A query check can fail: the same query, expecting a third uploaded
// certificate, is an error.
func TestAccList_checkCanFail(t *testing.T) {
	t.Parallel()
	url := startEmulator(t, emulator.Options{}, "").URL
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   queryCLIs,
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: providerConfig(url),
		}, {
			Query:             true,
			Config:            listQueries,
			QueryResultChecks: []querycheck.QueryResultCheck{querycheck.ExpectLength("alicas_certificate.uploaded", 3)},
			ExpectError:       regexp.MustCompile(`number of found resources 3 - expected but got 2`),
		}},
	})
}
