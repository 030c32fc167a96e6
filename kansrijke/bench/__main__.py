from kansrijke.bench.harness import main

main()
