"""Fineprint's Discord bot: client setup, one cog per feature, rendering to embeds.

Start it with `python -m bot` or `fineprint bot` (`bot.run.run_bot`). Nothing is loaded or
connected at import time.
"""
