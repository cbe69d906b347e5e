"""Post information boards (岗位信息公示牌) of service windows."""
