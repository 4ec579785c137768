// Command genhostile writes the hostile inputs of package
// kulturrapport/pipeline/hostile into a folder, for a person to try the
// tool on (kulturrapport validate DIR) and for `make bench` to time:
//
//	go run ./cmd/genhostile -out /tmp/hostile
//
// With -rejected N it writes instead avvist.csv, an activity log of N rows
// each with a date that does not exist, and godtatt.csv, the same rows
// good: the benchmark of a file whose every row is rejected.
package main

import (
	"flag"
	"fmt"
	"os"

	"kulturrapport/pipeline/hostile"
)

func main() {
	out := flag.String("out", "hostile", "folder to write the files in")
	rejected := flag.Int("rejected", 0, "write avvist.csv and godtatt.csv of this many rows instead")
	flag.Parse()
	if *rejected > 0 {
		if err := hostile.WriteRejected(*out, *rejected); err != nil {
			fmt.Fprintln(os.Stderr, "genhostile:", err)
			os.Exit(1)
		}
		return
	}
	if err := hostile.Write(*out); err != nil {
		fmt.Fprintln(os.Stderr, "genhostile:", err)
		os.Exit(1)
	}
	for _, c := range hostile.Applicable() {
		fmt.Printf("%s\t%s\t%s\n", c.Name, c.Status, c.Reason)
	}
}
