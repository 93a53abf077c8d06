package provider

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/alicas/terraform-provider-alicas/internal/benchtest"
	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

// queryCerts is how many certificates `terraform query` lists in make
// bench: list "alicas_certificate" with limit = queryCerts, against an
// emulator holding as many synthetic certificates beside its samples.
const queryCerts = 10_000

// BenchmarkQueryCertificates is list "alicas_certificate" listing 10,000
// certificates (200 pages of ListUserCertificateOrder), two ways:
//   - List: the list resource's List called directly, its stream consumed;
//   - protocol: ListResource through the protocol-6 server Terraform talks
//     to, which adds decoding the list block and encoding each result's
//     identity (msgpack).
//
// The pages are the in-process emulator's, recorded on a first listing and
// answered from the recording while timed, so that time and allocations are
// the provider's alone (the emulator's own work per page, sorting and
// filtering 10,000 certificates, would otherwise count).
func BenchmarkQueryCertificates(b *testing.B) {
	ctx := context.Background()
	pages := &recordedPages{}
	url := startEmulator(b, emulator.Options{SyntheticCertificates: queryCerts}, "", wrappedIn(pages.wrap)).URL

	l := &certificateList{configuredResource{client: benchClient(b, url)}}
	req := certificateListRequest(b, l)
	listDirect := func() {
		var stream list.ListResultsStream
		l.List(ctx, req, &stream)
		n := 0
		for r := range stream.Results {
			if r.Diagnostics.HasError() {
				b.Fatalf("result %d: %v", n, r.Diagnostics)
			}
			n++
		}
		if n != queryCerts {
			b.Fatalf("listed %d certificates, want %d", n, queryCerts)
		}
	}
	listDirect()
	pages.replay()

	b.Run(fmt.Sprintf("List/certs=%d", queryCerts), func(b *testing.B) {
		perCert := benchtest.PerCert(b, queryCerts)
		for b.Loop() {
			listDirect()
		}
		perCert()
	})

	server, schemas := configuredServer(b, url)
	listType, ok := schemas.ListResourceSchemas["alicas_certificate"].ValueType().(tftypes.Object)
	if !ok {
		b.Fatal("the alicas_certificate list schema is not an object")
	}
	protoReq := &tfprotov6.ListResourceRequest{TypeName: "alicas_certificate", Config: dynamicValue(b, nullsBut(listType, nil)),
		Limit: queryCerts}
	b.Run(fmt.Sprintf("protocol/certs=%d", queryCerts), func(b *testing.B) {
		perCert := benchtest.PerCert(b, queryCerts)
		for b.Loop() {
			stream, err := server.ListResource(ctx, protoReq)
			if err != nil {
				b.Fatal(err)
			}
			n := 0
			for r := range stream.Results {
				if len(r.Diagnostics) > 0 || r.Identity == nil {
					b.Fatalf("result %d: %v", n, r.Diagnostics)
				}
				n++
			}
			if n != queryCerts {
				b.Fatalf("listed %d certificates, want %d", n, queryCerts)
			}
		}
		perCert()
	})
}

// certificateListRequest is the request Terraform's `terraform query`
// makes of list "alicas_certificate" with no config block: every filter
// null, results without the resource, at most queryCerts of them.
func certificateListRequest(b *testing.B, l *certificateList) list.ListRequest {
	ctx := context.Background()
	var listSchema list.ListResourceSchemaResponse
	l.ListResourceConfigSchema(ctx, list.ListResourceSchemaRequest{}, &listSchema)
	typ, ok := listSchema.Schema.Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		b.Fatal("the list schema is not an object")
	}
	r, ok := NewCertificateResource().(resource.ResourceWithIdentity)
	if !ok {
		b.Fatal("alicas_certificate has no identity")
	}
	var resourceSchema resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &resourceSchema)
	var identitySchema resource.IdentitySchemaResponse
	r.IdentitySchema(ctx, resource.IdentitySchemaRequest{}, &identitySchema)
	if resourceSchema.Diagnostics.HasError() || identitySchema.Diagnostics.HasError() || listSchema.Diagnostics.HasError() {
		b.Fatal(resourceSchema.Diagnostics, identitySchema.Diagnostics, listSchema.Diagnostics)
	}
	return list.ListRequest{
		Config: tfsdk.Config{Schema: listSchema.Schema, Raw: nullsBut(typ, nil)},
		Limit:  queryCerts, ResourceSchema: resourceSchema.Schema, ResourceIdentitySchema: identitySchema.IdentitySchema,
	}
}

// recordedPages passes requests to the emulator and keeps each answer by
// its CurrentPage; after replay it answers from what it kept.
type recordedPages struct {
	mu        sync.Mutex
	replaying bool
	bodies    map[string][]byte
}

func (p *recordedPages) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page := r.URL.Query().Get("CurrentPage")
		p.mu.Lock()
		replaying, body := p.replaying, p.bodies[page]
		p.mu.Unlock()
		if replaying {
			if body == nil {
				http.Error(w, "page "+page+" was not recorded", http.StatusNotFound)
				return
			}
			w.Header().Set("Content-Type", "application/json;charset=utf-8")
			_, _ = w.Write(body)
			return
		}
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
		if rec.Code == http.StatusOK {
			p.mu.Lock()
			if p.bodies == nil {
				p.bodies = map[string][]byte{}
			}
			p.bodies[page] = rec.Body.Bytes()
			p.mu.Unlock()
		}
	})
}

func (p *recordedPages) replay() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.replaying = true
}
