package provider

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

const certificateInstancesAddress = "data.alicas_certificate_instances.test"

// The default account's instances, every attribute as a direct read of
// ListInstances gives it, and through each filter.
func TestAccCertificateInstances_account(t *testing.T) {
	t.Parallel()
	url := startEmulator(t, emulator.Options{}, "").URL
	held, err := testClient(t, url).ListInstances(context.Background(), cas.InstanceFilter{})
	if err != nil {
		t.Fatal(err)
	}
	ids := []string{"cas-ivauto-7hm3qa", "cas_dv-cn-emu0b1", "cas_dv-cn-emu0t1"}
	if len(held.Instances) != len(ids) {
		t.Fatalf("the account holds %d instances, want %v", len(held.Instances), ids)
	}
	checks := []statecheck.StateCheck{statecheck.ExpectKnownValue(certificateInstancesAddress, tfjsonpath.New("ids"), stringsExact(ids...))}
	for i := range held.Instances {
		checks = append(checks, statecheck.ExpectKnownValue(certificateInstancesAddress, tfjsonpath.New("instances").AtSliceIndex(i),
			knownvalue.ObjectExact(instanceChecks(&held.Instances[i]))))
	}
	filtered := func(name string, want ...string) statecheck.StateCheck {
		return statecheck.ExpectKnownValue("data.alicas_certificate_instances."+name, tfjsonpath.New("ids"), stringsExact(want...))
	}
	checks = append(checks,
		// What the account is known to hold, whatever the client reads.
		statecheck.ExpectKnownValue(certificateInstancesAddress, tfjsonpath.New("instances").AtSliceIndex(0), knownvalue.ObjectPartial(map[string]knownvalue.Check{
			"instance_id": knownvalue.StringExact("cas-ivauto-7hm3qa"), "status": knownvalue.StringExact("normal"),
			"certificate_id": knownvalue.Int64Exact(11174101), "certificate_status": knownvalue.StringExact("willExpire"),
			"domains":             stringsExact("shop.example.com", "*.shop.example.com"),
			"certificate_domains": stringsExact("shop.example.com", "*.shop.example.com"),
		})),
		statecheck.ExpectKnownValue(certificateInstancesAddress, tfjsonpath.New("instances").AtSliceIndex(2), knownvalue.ObjectPartial(map[string]knownvalue.Check{
			"instance_id": knownvalue.StringExact("cas_dv-cn-emu0t1"), "instance_type": knownvalue.StringExact("TEST"),
			"status": knownvalue.StringExact("inactive"), "certificate_id": knownvalue.Null(), "certificate_not_after": knownvalue.Null(),
			"domains": knownvalue.Null(),
		})),
		filtered("normal", "cas-ivauto-7hm3qa"),
		filtered("inactive", "cas_dv-cn-emu0b1", "cas_dv-cn-emu0t1"),
		filtered("renew", "cas-ivauto-7hm3qa"),
		filtered("test_type", "cas_dv-cn-emu0t1"),
		filtered("shop", "cas-ivauto-7hm3qa"),
		filtered("digicert", "cas_dv-cn-emu0t1"),
		filtered("bought_inactive", "cas_dv-cn-emu0b1"),
		filtered("ov"),
		statecheck.ExpectKnownValue("data.alicas_certificate_instances.ov", tfjsonpath.New("instances"), knownvalue.ListExact([]knownvalue.Check{})),
	)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: providerConfig(url) + `
data "alicas_certificate_instances" "test" {}
data "alicas_certificate_instances" "normal" {
  status = "normal"
}
data "alicas_certificate_instances" "inactive" {
  status = "inactive"
}
data "alicas_certificate_instances" "renew" {
  certificate_status = "willExpire"
}
data "alicas_certificate_instances" "test_type" {
  instance_type = "TEST"
}
data "alicas_certificate_instances" "shop" {
  keyword = "shop"
}
data "alicas_certificate_instances" "digicert" {
  brand = "DigiCert"
}
data "alicas_certificate_instances" "bought_inactive" {
  status        = "inactive"
  instance_type = "BUY"
}
data "alicas_certificate_instances" "ov" {
  certificate_type = "OV"
}
`,
			ConfigStateChecks: checks,
		}},
	})
}

// instanceChecks is every attribute of in, from the client's own reading
// of the answer: absent fields null, times in both forms.
func instanceChecks(in *cas.Instance) map[string]knownvalue.Check {
	str := func(v *cas.String) knownvalue.Check {
		if v == nil {
			return knownvalue.Null()
		}
		return knownvalue.StringExact(string(*v))
	}
	num := func(v *cas.Int64) knownvalue.Check {
		if v == nil {
			return knownvalue.Null()
		}
		return knownvalue.Int64Exact(int64(*v))
	}
	names := func(v *cas.String) knownvalue.Check {
		if v == nil {
			return knownvalue.Null()
		}
		return stringsExact(strings.Split(string(*v), ",")...)
	}
	readable := func(v *cas.Int64) knownvalue.Check {
		if v == nil {
			return knownvalue.Null()
		}
		return knownvalue.StringExact(time.UnixMilli(int64(*v)).UTC().Format(time.RFC3339Nano))
	}
	var products knownvalue.Check = knownvalue.Null()
	if in.UsingProductList != nil {
		products = stringsExact(cas.Strings(in.UsingProductList)...)
	}
	return map[string]knownvalue.Check{
		"instance_id": str(in.InstanceID), "instance_type": str(in.InstanceType), "status": str(in.Status),
		"brand": str(in.Brand), "spec": str(in.Spec), "certificate_type": str(in.CertificateType),
		"key_algorithm": str(in.KeyAlgorithm), "domains": names(in.Domain),
		"full_domain_count": num(in.FullDomainCount), "wildcard_domain_count": num(in.WildcardDomainCount),
		"auto_reissue": str(in.AutoReissue), "pending_result": str(in.PendingResult), "resource_group_id": str(in.ResourceGroupID),
		"certificate_id": num(in.CertificateID), "certificate_name": str(in.CertificateName),
		"cert_identifier": str(in.CertIdentifier), "certificate_status": str(in.CertificateStatus),
		"certificate_domains":         names(in.CertificateDomain),
		"certificate_not_before_time": num(in.CertificateNotBefore), "certificate_not_before": readable(in.CertificateNotBefore),
		"certificate_not_after_time": num(in.CertificateNotAfter), "certificate_not_after": readable(in.CertificateNotAfter),
		"instance_start_time": num(in.InstanceStartTime), "instance_starts_at": readable(in.InstanceStartTime),
		"instance_end_time": num(in.InstanceEndTime), "instance_ends_at": readable(in.InstanceEndTime),
		"order_start_time": num(in.OrderStartTime), "order_starts_at": readable(in.OrderStartTime),
		"order_end_time": num(in.OrderEndTime), "order_ends_at": readable(in.OrderEndTime),
		"using_products": products,
	}
}

// Every page is read, each instance once, in order; an odd value is null,
// with one warning naming the instance by its ID.
func TestAccCertificateInstances_everyPage(t *testing.T) {
	t.Parallel()
	var calls atomic.Int64
	instance := func(i int) string {
		if i == 57 {
			return `{"InstanceId": "cas-syn-57", "Status": "normal", "CertificateId": "not-a-number"}`
		}
		return fmt.Sprintf(`{"InstanceId": "cas-syn-%d", "Status": "inactive", "OrderEndTime": 1772443200000}`, i)
	}
	url := startEmulator(t, emulator.Options{}, "", syntheticList("ListInstances", "InstanceList", "TotalCount", 120, instance, &calls)).URL
	want := make([]string, 120)
	for i := range want {
		want[i] = "cas-syn-" + strconv.Itoa(i)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: providerConfig(url) + `
data "alicas_certificate_instances" "test" {}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(certificateInstancesAddress, tfjsonpath.New("ids"), stringsExact(want...)),
				statecheck.ExpectKnownValue(certificateInstancesAddress, tfjsonpath.New("instances").AtSliceIndex(57), knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"instance_id": knownvalue.StringExact("cas-syn-57"), "status": knownvalue.StringExact("normal"), "certificate_id": knownvalue.Null(),
				})),
				statecheck.ExpectKnownValue(certificateInstancesAddress, tfjsonpath.New("instances").AtSliceIndex(119), knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"instance_id": knownvalue.StringExact("cas-syn-119"), "order_ends_at": knownvalue.StringExact("2026-03-02T09:20:00Z"),
				})),
			},
		}},
	})

	calls.Store(0)
	resp := dataSourceReader(t, url, "alicas_certificate_instances")(nil)
	if pages := int64((120 + cas.PageSize - 1) / cas.PageSize); calls.Load() != pages {
		t.Errorf("one read made %d ListInstances calls, want %d (120 instances, %d a page)", calls.Load(), pages, cas.PageSize)
	}
	if len(resp.Diagnostics) != 1 || !strings.Contains(resp.Diagnostics[0].Detail, "ListInstances sent 1 value(s)") ||
		!strings.Contains(resp.Diagnostics[0].Detail, `- instances[57] (InstanceId cas-syn-57): CertificateId = "not-a-number"`) {
		t.Errorf("want one warning naming the odd value, got %v", resp.Diagnostics)
	}
}

// Filters are checked at plan time, before any call.
func TestAccCertificateInstances_filterValidation(t *testing.T) {
	t.Parallel()
	argumentErrors(t, "alicas_certificate_instances", map[string]string{
		`status = "active"`:             `Attribute status value must be one of: \["inactive" "pending" "normal" "willExpire" "expired" "refund" "closed"\]`,
		`certificate_status = "ISSUED"`: `Attribute certificate_status value must be one of: \["issued" "willExpire" "expired" "revoked"\]`,
		`instance_type = "buy"`:         `Attribute instance_type value must be one of: \["BUY" "TEST"\]`,
		`certificate_type = "dv"`:       `Attribute certificate_type value must be one of: \["DV" "OV" "EV"\]`,
		`keyword = ""`:                  `Attribute keyword string length must be at least 1`,
		`brand = ""`:                    `Attribute brand string length must be at least 1`,
		`resource_group_id = ""`:        `Attribute resource_group_id string length must be at least 1`,
	})
}

// The documented example does what it says against the default account.
func TestAccExample_certificateInstances(t *testing.T) {
	t.Parallel()
	url := startEmulator(t, emulator.Options{}, "").URL
	held, err := testClient(t, url).ListInstances(context.Background(), cas.InstanceFilter{Keyword: "cas-ivauto-7hm3qa"})
	if err != nil || len(held.Instances) != 1 || held.Instances[0].CertificateNotAfter == nil {
		t.Fatalf("the shop's instance: %v, %v", held, err)
	}
	ends := time.UnixMilli(int64(*held.Instances[0].CertificateNotAfter)).UTC().Format(time.RFC3339Nano)
	exampleRuns(t, "data-sources/alicas_certificate_instances/data-source.tf", url,
		statecheck.ExpectKnownOutputValue("to_renew", knownvalue.MapExact(map[string]knownvalue.Check{
			"cas-ivauto-7hm3qa": knownvalue.StringExact("11174101 (shop.example.com, *.shop.example.com) ends " + ends),
		})),
		statecheck.ExpectKnownOutputValue("unused", stringsExact("cas_dv-cn-emu0b1")),
	)
}
