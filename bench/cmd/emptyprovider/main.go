// Command emptyprovider is a provider with an empty schema, built with the
// same framework as terraform-provider-alicas and served as
// registry.terraform.io/alicas/empty: what `terraform providers schema`
// costs for a provider that adds nothing, to compare the real one with.
package main

import (
	"context"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

type empty struct{}

func (empty) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "empty"
}

func (empty) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}

func (empty) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {}

func (empty) DataSources(context.Context) []func() datasource.DataSource { return nil }

func (empty) Resources(context.Context) []func() resource.Resource { return nil }

func main() {
	err := providerserver.Serve(context.Background(), func() provider.Provider { return empty{} }, providerserver.ServeOpts{
		Address:         "registry.terraform.io/alicas/empty",
		ProtocolVersion: 6,
	})
	if err != nil {
		log.Fatal(err)
	}
}
