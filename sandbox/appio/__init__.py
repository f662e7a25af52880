"""The sandbox App IO (IO API for PA services: profiles and messages)."""
