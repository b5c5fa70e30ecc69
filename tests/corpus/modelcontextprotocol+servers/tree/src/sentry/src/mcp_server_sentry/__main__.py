from mcp_server_sentry.server import main

if __name__ == "__main__":
    main()
