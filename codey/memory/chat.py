"""The chat model Codey loads: langchain's ChatLlamaCpp, plus continuing a reply Codey has already started."""
from functools import lru_cache
from typing import ClassVar

from langchain_community.chat_models import ChatLlamaCpp
from langchain_core.messages import AIMessage, AIMessageChunk
from langchain_core.outputs import ChatGenerationChunk
from llama_cpp.llama_chat_format import Jinja2ChatFormatter


@lru_cache(maxsize=4)
def _formatter(template: str, eos: str, bos: str) -> Jinja2ChatFormatter:
    return Jinja2ChatFormatter(template, eos_token=eos, bos_token=bos)


class PrefillChat(ChatLlamaCpp):
    """When the last message is the assistant's, the model continues it (a prefill): a reply that starts with
    "app.py\\n```python\\n" is that file's code, never prose or another format."""

    # 0 = the GGUF's own RoPE settings. ChatLlamaCpp's default base of 10,000 overrides Qwen2.5's 1,000,000 and
    # quietly degrades every reply (HumanEval-40 through Codey: 67.5% with it).
    rope_freq_base: float = 0.0
    rope_freq_scale: float = 0.0
    continues_prefill: ClassVar[bool] = True

    def _stream(self, messages, stop=None, run_manager=None, **kwargs):
        if not messages or not isinstance(messages[-1], AIMessage):
            yield from super()._stream(messages, stop, run_manager, **kwargs)
            return
        params = {**self._get_parameters(stop), **kwargs}
        params.pop("logprobs", None)  # chat-completion's flag; plain completion expects a count
        for chunk in self.client.create_completion(self.render(messages), stream=True, **params):
            choice = chunk["choices"][0]
            info = {"finish_reason": choice["finish_reason"]} if choice.get("finish_reason") else None
            yield ChatGenerationChunk(message=AIMessageChunk(content=choice["text"]), generation_info=info)

    def render(self, messages) -> str:
        """The prompt text: the model's own chat template up to the assistant's turn, then the prefill."""
        llm = self.client
        eos, bos = llm.token_eos(), llm.token_bos()
        template = _formatter(llm.metadata["tokenizer.chat_template"],
                              llm._model.token_get_text(eos) if eos != -1 else "",
                              llm._model.token_get_text(bos) if bos != -1 else "")
        head = template(messages=self._create_message_dicts(messages[:-1])).prompt
        return head + messages[-1].content
