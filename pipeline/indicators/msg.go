package indicators

import "kulturrapport/pipeline"

// msg is the message of key with args, for the texts in pipeline's catalogue.
func msg(key string, args ...any) pipeline.Msg { return pipeline.Msg{Key: key, Args: args} }
