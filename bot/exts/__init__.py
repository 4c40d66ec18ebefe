"""One cog per feature; `bot.client.EXTENSIONS` lists what is loaded."""
