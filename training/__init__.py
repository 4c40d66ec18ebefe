"""Fine-tuning Fineprint's encoder on outside labels (ToS;DR and PolicyQA pairs).

Only `python -m training.train_encoder` (or `make train`) uses this package; the product
loads the result from `fineprint/models/` and never imports training code.
"""
