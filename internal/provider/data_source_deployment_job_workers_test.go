package provider

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

const workersAddress = "data.alicas_deployment_job_workers.test"

// syntheticWorker is the i-th worker of job 8888: the 0th has every field
// (as the SDK models type them), the 1st odd values, the rest a few.
func syntheticWorker(i int) string {
	switch i {
	case 0:
		return `{"Id": 22487, "JobId": 8888, "Status": "error", "CertId": 12073663, "CertName": "testCertName", "CertDomain": "www.example.com",
		  "CertInstanceId": "cas-ivauto-2crxzi", "CloudName": "aliyun", "CloudProduct": "SLB", "CloudRegion": "cn-hangzhou", "RegionId": "cn-hangzhou",
		  "ResourceId": 1286999, "InstanceId": "lb-0pp118nuu40b", "ListenerId": "lsn-lhl8y7s1e1ngc3m3zz@81", "Port": 4431, "DefaultResource": true,
		  "NamespaceId": "32fed52a", "ResourceCertId": 123, "ResourceDomain": "www.example.com", "GmtCreate": "1680228896000",
		  "GmtModified": "1681956830000", "UserId": 1666884372152785}`
	case 1:
		return `{"Id": 22488, "JobId": 8888, "Status": "success", "Port": "443/tcp", "GmtCreate": "2026-05-20 07:02:11", "OrderId": 9349278}`
	}
	return fmt.Sprintf(`{"Id": %d, "JobId": 8888, "Status": "success", "CloudProduct": "CDN", "ResourceId": %d}`, 22487+i, 20000+i)
}

// Every page is read (130 workers, three pages of 50); every field is
// mapped, odd values are null with one warning, absent ones null.
func TestAccDeploymentJobWorkers_everyPageAndField(t *testing.T) {
	t.Parallel()
	var calls atomic.Int64
	url := startEmulator(t, emulator.Options{}, "", syntheticList("ListWorkerResource", "Data", "Total", 130, syntheticWorker, &calls)).URL
	want := make([]knownvalue.Check, 130)
	for i := range want {
		want[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{"worker_id": knownvalue.Int64Exact(int64(22487 + i))})
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: providerConfig(url) + `
data "alicas_deployment_job_workers" "test" {
  job_id = 8888
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(workersAddress, tfjsonpath.New("workers"), knownvalue.ListExact(want)),
				statecheck.ExpectKnownValue(workersAddress, tfjsonpath.New("workers").AtSliceIndex(0), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"worker_id":        knownvalue.Int64Exact(22487),
					"job_id":           knownvalue.Int64Exact(8888),
					"status":           knownvalue.StringExact("error"),
					"cert_id":          knownvalue.Int64Exact(12073663),
					"cert_name":        knownvalue.StringExact("testCertName"),
					"cert_domain":      knownvalue.StringExact("www.example.com"),
					"cert_instance_id": knownvalue.StringExact("cas-ivauto-2crxzi"),
					"order_id":         knownvalue.Null(),
					"cloud_name":       knownvalue.StringExact("aliyun"),
					"cloud_product":    knownvalue.StringExact("SLB"),
					"cloud_region":     knownvalue.StringExact("cn-hangzhou"),
					"region_id":        knownvalue.StringExact("cn-hangzhou"),
					"resource_id":      knownvalue.Int64Exact(1286999),
					"instance_id":      knownvalue.StringExact("lb-0pp118nuu40b"),
					"listener_id":      knownvalue.StringExact("lsn-lhl8y7s1e1ngc3m3zz@81"),
					"port":             knownvalue.Int64Exact(4431),
					"default_resource": knownvalue.Bool(true),
					"namespace_id":     knownvalue.StringExact("32fed52a"),
					"resource_cert_id": knownvalue.Int64Exact(123),
					"resource_domain":  knownvalue.StringExact("www.example.com"),
					"gmt_create":       knownvalue.Int64Exact(1680228896000),
					"created_at":       knownvalue.StringExact("2023-03-31T02:14:56Z"),
					"gmt_modified":     knownvalue.Int64Exact(1681956830000),
					"modified_at":      knownvalue.StringExact("2023-04-20T02:13:50Z"),
					"user_id":          knownvalue.Int64Exact(1666884372152785),
				})),
				statecheck.ExpectKnownValue(workersAddress, tfjsonpath.New("workers").AtSliceIndex(1), knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"status": knownvalue.StringExact("success"), "port": knownvalue.Null(), "gmt_create": knownvalue.Null(),
					"order_id": knownvalue.Int64Exact(9349278), "cert_id": knownvalue.Null(), "cloud_product": knownvalue.Null(),
				})),
			},
		}},
	})
	calls.Store(0)
	resp := dataSourceReader(t, url, "alicas_deployment_job_workers")(map[string]tftypes.Value{"job_id": tftypes.NewValue(tftypes.Number, 8888)})
	if calls.Load() != 3 {
		t.Errorf("one read made %d ListWorkerResource calls, want 3", calls.Load())
	}
	if len(resp.Diagnostics) != 1 || !strings.Contains(resp.Diagnostics[0].Detail, "ListWorkerResource sent 2 value(s)") ||
		!strings.Contains(resp.Diagnostics[0].Detail, `- workers[1] (Id 22488): Port = "443/tcp"`) {
		t.Errorf("want one warning naming both odd values, got %v", resp.Diagnostics)
	}
}

// The filters reach the API; a job without workers (fixture job 8888 has none) gives [].
func TestAccDeploymentJobWorkers_filtersAndNone(t *testing.T) {
	t.Parallel()
	var seen []string
	url := startEmulator(t, emulator.Options{}, "", recordingParams("ListWorkerResource", &seen)).URL
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: providerConfig(url) + `
data "alicas_deployment_job_workers" "test" {
  job_id        = 8888
  status        = "error"
  cloud_product = "CDN"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(workersAddress, tfjsonpath.New("workers"), knownvalue.ListExact([]knownvalue.Check{})),
			},
		}},
	})
	for _, q := range seen {
		if !strings.Contains(q, "JobId=8888") || !strings.Contains(q, "Status=error") || !strings.Contains(q, "CloudProduct=CDN") {
			t.Errorf("ListWorkerResource was called with %s", q)
		}
	}
	if len(seen) == 0 {
		t.Error("ListWorkerResource was never called")
	}
}

func TestAccDeploymentJobWorkers_validation(t *testing.T) {
	argumentErrors(t, "alicas_deployment_job_workers", map[string]string{
		`job_id = 0`:                         `job_id must be a whole number of at least 1, got 0`,
		"job_id = 1\n  status = \"failed\"":  `value must be one of:`,
		"job_id = 1\n  cloud_product = \"\"": `string length must be at least 1`,
	})
}

// The documented example, against a job whose workers failed on a CDN
// domain and an SLB listener.
func TestAccExample_deploymentJobWorkers(t *testing.T) {
	t.Parallel()
	var calls atomic.Int64
	url := startEmulator(t, emulator.Options{}, "", syntheticList("ListWorkerResource", "Data", "Total", 2, func(i int) string {
		return [...]string{
			`{"Id": 1, "JobId": 8888, "Status": "error", "CloudProduct": "CDN", "ResourceDomain": "www.example.com", "ResourceId": 20979, "CertId": 11174100}`,
			`{"Id": 2, "JobId": 8888, "Status": "error", "CloudProduct": "SLB", "InstanceId": "lb-1", "ResourceId": 20981, "CertId": 11174101}`,
		}[i]
	}, &calls)).URL
	exampleRuns(t, "data-sources/alicas_deployment_job_workers/data-source.tf", url, statecheck.ExpectKnownOutputValue("failed",
		stringsExact("CDN www.example.com: certificate 11174100", "SLB lb-1: certificate 11174101")))
}

// A real job of the emulator, run to its end on its clock: 56 certificates
// onto an NLB listener without a domain (every certificate matches it) and
// an OSS domain with HTTPS off (one certificate covers it). Its 57 workers
// come in two pages; the filters pick the failed one and one product's.
func TestAccDeploymentJobWorkers_realJob(t *testing.T) {
	t.Parallel()
	var now atomic.Int64
	now.Store(time.Now().UnixMilli())
	srv := startEmulator(t, emulator.Options{Now: func() time.Time { return time.UnixMilli(now.Load()) }, JobStep: time.Second}, "")
	client := benchClient(t, srv.URL)
	ctx := context.Background()
	var certIDs []int64
	for i := range 56 {
		name := fmt.Sprintf("w%02d.example.org", i)
		if i == 55 {
			name = "blog.example.org"
		}
		c := validTestCert(t, name)
		up, err := client.UploadUserCertificate(ctx, cas.UploadUserCertificateRequest{Name: fmt.Sprintf("w%02d", i), Cert: c.cert, Key: c.key})
		if err != nil {
			t.Fatal(err)
		}
		certIDs = append(certIDs, up.CertID)
	}
	// 22001: NLB without a domain; 22002: OSS blog.example.org, HTTPS off.
	jobID, err := client.CreateDeploymentJob(ctx, cas.CreateDeploymentJobRequest{Name: "workers", JobType: cas.JobTypeUser,
		CertIDs: certIDs, ResourceIDs: []int64{22001, 22002}, ContactIDs: []int64{3304}})
	if err != nil {
		t.Fatal(err)
	}
	if err := client.UpdateDeploymentJobStatus(ctx, jobID, cas.JobScheduling); err != nil {
		t.Fatal(err)
	}
	now.Add((10 * time.Second).Milliseconds()) // scheduling, processing, done
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: providerConfig(srv.URL) + fmt.Sprintf(`
data "alicas_deployment_job_workers" "test" {
  job_id = %[1]d
}
data "alicas_deployment_job_workers" "nlb" {
  job_id        = %[1]d
  cloud_product = "NLB"
}
data "alicas_deployment_job_workers" "failed" {
  job_id = %[1]d
  status = "error"
}
`, jobID),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(workersAddress, tfjsonpath.New("workers"), knownvalue.ListSizeExact(57)),
				statecheck.ExpectKnownValue(workersAddress, tfjsonpath.New("workers").AtSliceIndex(0), knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"job_id": knownvalue.Int64Exact(jobID), "status": knownvalue.StringExact("success"), "cert_id": knownvalue.Int64Exact(certIDs[0]),
					"cloud_product": knownvalue.StringExact("NLB"), "resource_id": knownvalue.Int64Exact(22001), "port": knownvalue.Int64Exact(993),
					"cloud_name": knownvalue.Null(),
				})),
				statecheck.ExpectKnownValue("data.alicas_deployment_job_workers.nlb", tfjsonpath.New("workers"), knownvalue.ListSizeExact(56)),
				statecheck.ExpectKnownValue("data.alicas_deployment_job_workers.failed", tfjsonpath.New("workers"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"status": knownvalue.StringExact("error"), "cloud_product": knownvalue.StringExact("OSS"),
						"resource_id": knownvalue.Int64Exact(22002), "cert_id": knownvalue.Int64Exact(certIDs[55]), "resource_domain": knownvalue.StringExact("blog.example.org")}),
				})),
			},
		}},
	})
}
