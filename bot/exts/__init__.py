"""One folder per feature, as the python-discord bot keeps them; `bot.client.EXTENSIONS` lists
what is loaded.

`<feature>/__init__.py` loads it (`setup(bot)`, importing the cog only then), `_cog.py` holds
the commands, and the feature's views, helpers and embeds sit beside it. What several
features share lives at the bot's root (`bot.render`, `bot.clause_pages`, `bot.change_embeds`,
`bot.arguments`, …). A feature reaches another through the bot (`bot.get_cog`) or the runtime,
never by importing its folder.
"""
