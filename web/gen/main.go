// Command gen builds the page's WebAssembly signer into a directory (go generate ./web: static/gen, which the web
// package embeds). See web.BuildSigner.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/zkperp/zkperp/web"
)

func main() {
	out := flag.String("out", "static/gen", "output directory")
	flag.Parse()
	if err := web.BuildSigner(context.Background(), *out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
