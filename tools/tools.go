//go:build generate

// Package tools runs the code generators. It is its own module so that
// tfplugindocs and its dependencies stay out of the provider's go.mod.
package tools

// Format the examples, then render docs/ from the provider's schema,
// templates/ and examples/.
//go:generate sh terraform.sh fmt -recursive ../examples/
//go:generate go tool tfplugindocs generate --provider-dir .. --provider-name alicas
//go:generate go tool tfplugindocs validate --provider-dir .. --provider-name alicas
