// Command genhostile writes the hostile inputs of package
// kulturrapport/pipeline/hostile into a folder, for a person to try the
// tool on (kulturrapport validate DIR) and for `make bench` to time:
//
//	go run ./cmd/genhostile -out /tmp/hostile
package main

import (
	"flag"
	"fmt"
	"os"

	"kulturrapport/pipeline/hostile"
)

func main() {
	out := flag.String("out", "hostile", "folder to write the files in")
	flag.Parse()
	if err := hostile.Write(*out); err != nil {
		fmt.Fprintln(os.Stderr, "genhostile:", err)
		os.Exit(1)
	}
	for _, c := range hostile.Applicable() {
		fmt.Printf("%s\t%s\t%s\n", c.Name, c.Status, c.Reason)
	}
}
