from desktop.app import main

# The guard matters: the certificate sandbox starts its workers with "spawn", which
# imports this module again in each worker; they must not start another app.
if __name__ == "__main__":
    raise SystemExit(main())
