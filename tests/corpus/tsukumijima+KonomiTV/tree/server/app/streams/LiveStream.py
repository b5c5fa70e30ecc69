
# Type Hints を指定できるように
# ref: https://stackoverflow.com/a/33533514/17124142
from __future__ import annotations

import asyncio
import time
from fastapi import HTTPException
from fastapi import status
from fastapi.responses import Response
from fastapi.responses import StreamingResponse
from hashids import Hashids
from typing import ClassVar, Literal, TypedDict

from app.constants import QUALITY_TYPES
from app.streams.LiveEncodingTask import LiveEncodingTask
from app.streams.LiveHLSSegmenter import LiveHLSSegmenter
from app.streams.LivePSIDataArchiver import LivePSIDataArchiver
from app.utils import Logging
from app.utils.EDCB import EDCBTuner


class LiveStreamStatus(TypedDict):
    """ ライブストリームのステータスを表す辞書の型定義 """
    status: Literal['Offline', 'Standby', 'ONAir', 'Idling', 'Restart']
    detail: str
    started_at: float
    updated_at: float
    client_count: int


class LiveStreamClient():
    """ ライブストリームのクライアントを表すクラス """

    def __init__(self, livestream: LiveStream, client_type: Literal['mpegts', 'll-hls']) -> None:
        """
        ライブストリーミングクライアントのインスタンスを初期化する
        なお、LiveStreamClient は LiveStream クラス外から初期化してはいけない
        (必ず LiveStream.connect() or LiveStream.connectToExistingClient() で取得した LiveStreamClient を利用すること)

        Args:
            livestream (LiveStream): クライアントが紐づくライブストリームのインスタンス
            client_type (Literal['mpegts', 'll-hls']): クライアントの種別 (mpegts or ll-hls)
        """

        # このクライアントが紐づくライブストリームのインスタンス
        self._livestream: LiveStream = livestream

        # クライアント ID
        ## ミリ秒単位のタイムスタンプをもとに、Hashids による10文字のユニーク ID が生成される
        self.client_id: str = ('MPEGTS-' if client_type == 'mpegts' else 'LLHLS-') + Hashids(min_length=10).encode(int(time.time() * 1000))

        # クライアントの種別 (mpegts or ll-hls)
        self.client_type: Literal['mpegts', 'll-hls'] = client_type

        # ストリームデータが入る Queue
        ## client_type が mpegts の場合のみ、クライアントが持つ Queue にストリームデータが入る
        ## client_type が ll-hls の場合は配信方式が異なるため Queue は使われない
        self.queue: asyncio.Queue[bytes | None] = asyncio.Queue()

        # ストリームデータの最終読み取り時刻のタイミング
        ## 最終読み取り時刻を10秒過ぎたクライアントは LiveStream.writeStreamData() でタイムアウトと判断され、削除される
        self.stream_data_read_at: float = time.time()


    async def readStreamData(self) -> bytes | None:
        """
        自分自身の Queue からストリームデータを読み取って返す
        Queue 内のストリームデータは LiveStream.writeStreamData() で書き込まれたもの

        Args:
            client (LiveStreamClient): ライブストリームクライアントのインスタンス

        Returns:
            bytes | None: ストリームデータ (エンコードタスクが終了した場合は None が返る)
        """

        # LL-HLS クライアントの場合は実行しない
        if self.client_type == 'll-hls':
            return None

        # ストリームデータの最終読み取り時刻を更新
        self.stream_data_read_at = time.time()

        # Queue から読み取ったストリームデータを返す
        try:
            return await self.queue.get()
        except TypeError:
            return None


    async def __commonForLLHLSClient(self,
        response_type: Literal['Playlist', 'Segment', 'PartialSegment', 'InitializationSegment'],
        msn: int | None,
        part: int | None,
        secondary_audio: bool = False
    ) -> Response | StreamingResponse:
        """
        LL-HLS クライアント向け API の共通処理 (バリデーションと最終読み取り時刻の更新)

        Args:
            response_type (Literal['Playlist', 'Segment', 'PartialSegment', 'InitializationSegment']): レスポンスの種別
            msn (int | None): LL-HLS プレイリストの msn (Media Sequence Number) インデックス
            part (int | None): LL-HLS プレイリストの part (部分セグメント) インデックス
            secondary_audio (bool, optional): 副音声用セグメントを取得するかどうか. Defaults to False.

        Returns:
            Response | StreamingResponse: FastAPI のレスポンス
        """

        # mpegts クライアントの場合は実行しない
        if self.client_type == 'mpegts':
            Logging.error('[LiveStreamClient] This API is only for LL-HLS client')
            raise HTTPException(
                status_code = status.HTTP_422_UNPROCESSABLE_ENTITY,
                detail = 'This API is only for LL-HLS client',
            )

        # LL-HLS Segmenter が None (=Offline) の場合は実行しない
        if self._livestream.segmenter is None:
            Logging.error('[LiveStreamClient] LL-HLS Segmenter is not running')
            raise HTTPException(
                status_code = status.HTTP_422_UNPROCESSABLE_ENTITY,
                detail = 'LL-HLS Segmenter is not running',
            )

        # 指定されたデータのレスポンスを取得
        if response_type == 'Playlist':
            response = await self._livestream.segmenter.getPlaylist(msn, part, secondary_audio)
        elif response_type == 'Segment':
            response = await self._livestream.segmenter.getSegment(msn, secondary_audio)
        elif response_type == 'PartialSegment':
            response = await self._livestream.segmenter.getPartialSegment(msn, part, secondary_audio)
        elif response_type == 'InitializationSegment':
            response = await self._livestream.segmenter.getInitializationSegment(secondary_audio)

        # ストリームデータの最終読み取り時刻を更新
        ## LL-HLS Segmenter からのレスポンス取得後に更新しないとタイムアウト判定が正しく行われない
        self.stream_data_read_at = time.time()

        return response


    async def getPlaylist(self, msn: int | None, part: int | None, secondary_audio: bool = False) -> Response:
        """
        LL-HLS のプレイリスト (m3u8) を FastAPI のレスポンスとして返す
        ref: https://developer.apple.com/documentation/http_live_streaming/enabling_low-latency_http_live_streaming_hls

        Args:
            msn (int | None): LL-HLS プレイリストの msn (Media Sequence Number) インデックス
            part (int | None): LL-HLS プレイリストの part (部分セグメント) インデックス
            secondary_audio (bool, optional): 副音声用セグメントを取得するかどうか. Defaults to False.

        Returns:
            Response: プレイリストデータ (m3u8) の FastAPI レスポンス
        """
        return await self.__commonForLLHLSClient('Playlist', msn, part, secondary_audio)


    async def getSegment(self, msn: int | None, secondary_audio: bool = False) -> Response | StreamingResponse:
        """
        LL-HLS の完全なセグメント (m4s) を FastAPI のレスポンスとして順次返す
        ref: https://developer.apple.com/documentation/http_live_streaming/enabling_low-latency_http_live_streaming_hls

        Args:
            msn (int | None): LL-HLS セグメントの msn (Media Sequence Number) インデックス
            secondary_audio (bool, optional): 副音声用セグメントを取得するかどうか. Defaults to False.

        Returns:
            Response | StreamingResponse: セグメントデータ (m4s) の FastAPI レスポンス (StreamingResponse)
        """
        return await self.__commonForLLHLSClient('Segment', msn, None, secondary_audio)


    async def getPartialSegment(self, msn: int | None, part: int | None, secondary_audio: bool = False) -> Response | StreamingResponse:
        """
        LL-HLS の部分セグメント (m4s) を FastAPI のレスポンスとして順次返す
        ref: https://developer.apple.com/documentation/http_live_streaming/enabling_low-latency_http_live_streaming_hls

        Args:
            msn (int | None): LL-HLS セグメントの msn (Media Sequence Number) インデックス
            part (int | None): LL-HLS セグメントの part (部分セグメント) インデックス
            secondary_audio (bool, optional): 副音声用セグメントを取得するかどうか. Defaults to False.

        Returns:
            Response | StreamingResponse: 部分セグメントデータ (m4s) の FastAPI レスポンス (StreamingResponse)
        """
        return await self.__commonForLLHLSClient('PartialSegment', msn, part, secondary_audio)


    async def getInitializationSegment(self, secondary_audio: bool = False) -> Response:
        """
        LL-HLS の初期セグメント (init) を FastAPI のレスポンスとして返す
        ref: https://developer.apple.com/documentation/http_live_streaming/enabling_low-latency_http_live_streaming_hls

        Args:
            secondary_audio (bool, optional): 副音声用セグメントを取得するかどうか. Defaults to False.

        Returns:
            Response: 初期セグメントデータ (m4s) の FastAPI レスポンス
        """
        return await self.__commonForLLHLSClient('InitializationSegment', None, None, secondary_audio)


class LiveStream():
    """ ライブストリームを管理するクラス """

    # ライブストリームのインスタンスが入る、ライブストリーム ID をキーとした辞書
    # この辞書にライブストリームに関する全てのデータが格納されている
    __instances: ClassVar[dict[str, LiveStream]] = {}


    # 必ずライブストリーム ID ごとに1つのインスタンスになるように (Singleton)
    # ref: https://qiita.com/ttsubo/items/c4af71ceba15b5b213f8
    def __new__(cls, display_channel_id: str, quality: QUALITY_TYPES) -> LiveStream:

        # まだ同じライブストリーム ID のインスタンスがないときだけ、インスタンスを生成する
        # (チャンネルID)-(映像の品質) で一意な ID になる
        livestream_id = f'{display_channel_id}-{quality}'
        if livestream_id not in cls.__instances:

            # 新しいライブストリームのインスタンスを生成する
            instance = super(LiveStream, cls).__new__(cls)

            # ライブストリーム ID を設定
            instance.livestream_id = livestream_id

            # チャンネル ID と映像の品質を設定
            instance.display_channel_id = display_channel_id
            instance.quality = quality

            # ライブストリームクライアントが入るリスト
            ## クライアントの接続が切断された場合、このリストからも削除される
            ## したがって、クライアントの数はこのリストの長さで求められる
            instance._clients = []

            # ストリームのステータス
            ## Offline, Standby, ONAir, Idling, Restart のいずれか
            instance._status = 'Offline'

            # ストリームのステータス詳細
            instance._detail = 'ライブストリームは Offline です。'

            # ストリームの開始時刻
            instance._started_at = 0

            # ストリームのステータスの最終更新時刻のタイムスタンプ
            instance._updated_at = 0

            # ストリームデータの最終書き込み時刻のタイムスタンプ
            ## 最終書き込み時刻が 5 秒 (ONAir 時) 20 秒 (Standby 時) 以上更新されていない場合は、
            ## エンコーダーがフリーズしたものとみなしてエンコードタスクを再起動する
            instance._stream_data_written_at = 0

            # PSI/SI データアーカイバーのインスタンス
            instance.psi_data_archiver = None

            # LL-HLS Segmenter のインスタンス
            ## iPhone Safari は mpegts.js でのストリーミングに対応していないため、フォールバックとして LL-HLS で配信する必要がある
            ## エンコードタスクが実行されたときに毎回生成され、エンコードタスクが終了したときに破棄される
            instance.segmenter = None

            # EDCB バックエンドのチューナーインスタンス
            ## Mirakurun バックエンドを使っている場合は None のまま
            instance.tuner = None

            # 生成したインスタンスを登録する
            ## インスタンスの参照が渡されるので、オブジェクトとしては同一
            cls.__instances[livestream_id] = instance

        # 登録されているインスタンスを返す
        return cls.__instances[livestream_id]


    def __init__(self, display_channel_id: str, quality: QUALITY_TYPES) -> None:
        """
        ライブストリームのインスタンスを取得する

        Args:
            display_channel_id (str): チャンネルID
            quality (QUALITY_TYPES): 映像の品質 (1080p-60fps ~ 240p)
        """

        # インスタンス変数の型ヒントを定義
        # Singleton のためインスタンスの生成は __new__() で行うが、__init__() も定義しておかないと補完がうまく効かない
        self.livestream_id: str
        self.display_channel_id: str
        self.quality: QUALITY_TYPES
        self._clients: list[LiveStreamClient]
        self._status: Literal['Offline', 'Standby', 'ONAir', 'Idling', 'Restart']
        self._detail: str
        self._started_at: float
        self._updated_at: float
        self._stream_data_written_at: float
        self.psi_data_archiver: LivePSIDataArchiver | None
        self.segmenter: LiveHLSSegmenter | None
        self.tuner: EDCBTuner | None


    @classmethod
    def getAllLiveStreams(cls) -> list[LiveStream]:
        """
        全てのライブストリームのインスタンスを取得する

        Returns:
            list[LiveStream]: ライブストリームのインスタンスの入ったリスト
        """

        # __instances 辞書を values() で値だけのリストにしたものを返す
        return list(cls.__instances.values())


    @classmethod
    def getONAirLiveStreams(cls) -> list[LiveStream]:
        """
        現在 ONAir 状態のライブストリームのインスタンスを取得する

        Returns:
            list[LiveStream]: 現在 ONAir 状態のライブストリームのインスタンスのリスト
        """

        result: list[LiveStream] = []

        # 現在 ONAir 状態のライブストリームに絞り込む
        for livestream in LiveStream.getAllLiveStreams():
            if livestream.getStatus()['status'] == 'ONAir':
                result.append(livestream)

        return result


    @classmethod
    def getIdlingLiveStreams(cls) -> list[LiveStream]:
        """
        現在 Idling 状態のライブストリームのインスタンスを取得する

        Returns:
            list[LiveStream]: 現在 Idling 状態のライブストリームのインスタンスのリスト
        """

        result: list[LiveStream] = []

        # 現在 Idling 状態のライブストリームに絞り込む
        for livestream in LiveStream.getAllLiveStreams():
            if livestream.getStatus()['status'] == 'Idling':
                result.append(livestream)

        return result


    @classmethod
    def getViewerCount(cls, display_channel_id: str) -> int:
        """
        指定されたチャンネルのライブストリームの現在の視聴者数を取得する

        Args:
            display_channel_id (str): チャンネルID

        Returns:
            int: 視聴者数
        """

        # 指定されたチャンネル ID に紐づくライブストリームを探して視聴者数を集計
        viewer_count = 0
        for livestream in LiveStream.getAllLiveStreams():
            if livestream.display_channel_id == display_channel_id:
                viewer_count += livestream.getStatus()['client_count']

        return viewer_count


    async def connect(self, client_type: Literal['mpegts', 'll-hls']) -> LiveStreamClient:
        """
        ライブストリームに接続して、新しくライブストリームに登録されたクライアントを返す
        この時点でライブストリームが Offline ならば、新たにエンコードタスクが起動される

        Args:
            client_type (Literal['mpegts', 'll-hls']): クライアントの種別 (mpegts or ll-hls)

        Returns:
            LiveStreamClient: ライブストリームクライアントのインスタンス
        """

        # ***** ステータスの切り替え *****

        current_status = self._status

        # ライブストリームが Offline な場合、新たにエンコードタスクを起動する
        if current_status == 'Offline':

            # 現在 Idling 状態のライブストリームがあれば、うち最初のライブストリームを Offline にする
            ## 一般にチューナーリソースは無尽蔵にあるわけではないので、現在 Idling（=つまり誰も見ていない）ライブストリームがあるのなら
            ## それを Offline にしてチューナーリソースを解放し、新しいライブストリームがチューナーを使えるようにする
            for _ in range(8):  # 画質切り替えなどタイミングの問題で Idling なストリームがない事もあるので、8回くらいリトライする

                # 現在 Idling 状態のライブストリームがあれば
                idling_livestreams = self.getIdlingLiveStreams()
                if len(idling_livestreams) > 0:
                    idling_livestream: LiveStream = idling_livestreams[0]

                    # EDCB バックエンドの場合はチューナーをアンロックし、これから開始するエンコードタスクで再利用できるようにする
                    if idling_livestream.tuner is not None:
                        idling_livestream.tuner.unlock()

                    # チューナーリソースを解放する
                    idling_livestream.setStatus('Offline', '新しいライブストリームが開始されたため、チューナーリソースを解放しました。')
                    break

                # 現在 ONAir 状態のライブストリームがなく、リトライした所で Idling なライブストリームが取得できる見込みがない
                if len(self.getONAirLiveStreams()) == 0:
                    break

                await asyncio.sleep(0.1)

            # ステータスを Standby に設定
            # タイミングの関係でこっちで明示的に設定しておく必要がある
            self.setStatus('Standby', 'エンコードタスクを起動しています…')

            # エンコードタスクを非同期で実行
            instance = LiveEncodingTask(self)
            asyncio.create_task(instance.run())

        # ***** クライアントの登録 *****

        # ライブストリームクライアントのインスタンスを生成・登録する
        client = LiveStreamClient(self, client_type)
        self._clients.append(client)
        Logging.info(f'[Live: {self.livestream_id}] Client Connected. Client ID: {client.client_id}')

        # ***** アイドリングからの復帰 *****

        # ライブストリームが Idling 状態な場合、ONAir 状態に戻す（アイドリングから復帰）
        if current_status == 'Idling':
            self.setStatus('ONAir', 'ライブストリームは ONAir です。')

        # ライブストリームクライアントのインスタンスを返す
        return client


    def connectToExistingClient(self, client_id: str) -> LiveStreamClient | None:
        """
        指定されたクライアント ID に紐づく、ライブストリームに接続済みのクライアントを取得する

        Args:
            client_id (str): ライブストリームクライアントのクライアント ID

        Returns:
            LiveStreamClient | None: ライブストリームクライアントのインスタンス (見つからなかった場合は None を返す)
        """

        # 指定されたクライアント ID のクライアントを取得する
        for client in self._clients:
            if client.client_id == client_id:
                return client

        # 見つからなかった場合は None を返す
        return None


    def disconnect(self, client: LiveStreamClient) -> None:
        """
        指定されたクライアントのライブストリームへの接続を切断する
        このメソッドを実行すると LiveStreamClient インスタンスはライブストリームのクライアントリストから削除され、それ以降機能しなくなる
        LiveStreamClient を使い終わったら必ず呼び出すこと (さもなければ誰も見てないのに視聴中扱いでエンコードタスクが実行され続けてしまう)

        Args:
            client (LiveStreamClient): ライブストリームクライアントのインスタンス
        """

        # 指定されたライブストリームクライアントを削除する
        ## すでにタイムアウトなどで削除されていたら何もしない
        try:
            self._clients.remove(client)
            Logging.info(f'[Live: {self.livestream_id}] Client Disconnected. Client ID: {client.client_id}')
        except ValueError:
            pass
        if hasattr(client, 'queue'):
            del client.queue
        del client


    def disconnectAll(self) -> None:
        """
        すべてのクライアントのライブストリームへの接続を切断する
        disconnect() とは違い、LiveStreamClient の操作元ではなくエンコードタスク側から操作することを想定している
        """

        # すべてのクライアントの接続を切断する
        for client in self._clients:
            # mpegts クライアントのみ、Queue に None を追加して接続切断を通知する
            if client.client_type == 'mpegts':
                client.queue.put_nowait(None)
            self.disconnect(client)
            if hasattr(client, 'queue'):
                del client.queue
            del client

        # 念のためクライアントが入るリストを空にする
        self._clients = []


    def getStatus(self) -> LiveStreamStatus:
        """
        ライブストリームのステータスを取得する

        Returns:
            LiveStreamStatus: ライブストリームのステータス
        """

        client_count = len(self._clients)

        return {
            'status': self._status,  # ライブストリームの現在のステータス
            'detail': self._detail,  # ライブストリームの現在のステータスの詳細情報
            'started_at': self._started_at,  # ライブストリームが開始された (ステータスが Offline or Restart → Standby に移行した) 時刻
            'updated_at': self._updated_at,  # ライブストリームのステータスが最後に更新された時刻
            'client_count': client_count,  # ライブストリームに接続中のクライアント数
        }


    def setStatus(self, status: Literal['Offline', 'Standby', 'ONAir', 'Idling', 'Restart'], detail: str, quiet: bool = False) -> bool:
        """
        ライブストリームのステータスを設定する

        Args:
            status (Literal['Offline', 'Standby', 'ONAir', 'Idling', 'Restart']): ライブストリームのステータス
            detail (str): ステータスの詳細
            quiet (bool): ステータス設定のログを出力するかどうか

        Returns:
            bool: ステータスが更新されたかどうか (更新が実際には行われなかった場合は False を返す)
        """

        # ステータスも詳細も現在の状態と重複しているなら、更新を行わない（同じ内容のイベントが複数発生するのを防ぐ）
        if self._status == status and self._detail == detail:
            return False

        # ステータスが Offline or Restart かつ現在の状態と重複している場合は、更新を行わない
        ## Offline や Restart は Standby に移行しない限り同じステータスで詳細が変化することはありえないので、
        ## ステータス詳細が上書きできてしまう状態は不適切
        ## ただ LiveEncodingTask で非同期的にステータスをセットしている関係で上書きしてしまう可能性があるため、ここで上書きを防ぐ
        if (status == 'Offline' or status == 'Restart') and status == self._status:
            return False

        # ステータスは Offline から Restart に移行してはならない
        if self._status == 'Offline' and status == 'Restart':
            return False

        # ストリーム開始 (Offline or Restart → Standby) 時、started_at と stream_data_written_at を更新する
        # ここで更新しておかないと、いつまで経っても初期化時の古いタイムスタンプが使われてしまう
        if ((self._status == 'Offline' or self._status == 'Restart') and status == 'Standby'):
            self._started_at = time.time()
            self._stream_data_written_at = time.time()

        # ステータス変更のログを出力
        if quiet is False:
            Logging.info(f'[Live: {self.livestream_id}] [Status: {status}] {detail}')

        # ストリーム起動完了時 (Standby → ONAir) 時のみ、ストリームの起動にかかった時間も出力
        if self._status == 'Standby' and status == 'ONAir':
            Logging.info(f'[Live: {self.livestream_id}] Startup complete. ({round(time.time() - self._started_at, 2)} sec)')

        # ログ出力を待ってからステータスと詳細をライブストリームにセット
        self._status = status
        self._detail = detail

        # 最終更新のタイムスタンプを更新
        self._updated_at = time.time()

        # チューナーインスタンスが存在する場合 (= EDCB バックエンド利用時) のみ
        if self.tuner is not None:

            # Idling への切り替え時、チューナーをアンロックして再利用できるように
            if self._status == 'Idling':
                self.tuner.unlock()

            # ONAir への切り替え（復帰）時、再びチューナーをロックして制御を横取りされないように
            if self._status == 'ONAir':
                self.tuner.lock()

        return True


    def getStreamDataWrittenAt(self) -> float:
        """
        ストリームデータの最終書き込み時刻を取得する

        Returns:
            float: ストリームデータの最終書き込み時刻
        """

        return self._stream_data_written_at


    async def writeStreamData(self, stream_data: bytes) -> None:
        """
        接続している全ての mpegts クライアントの Queue にストリームデータを書き込む
        同時にストリームデータの最終書き込み時刻を更新し、クライアントがタイムアウトしていたら削除する

        Args:
            stream_data (bytes): 書き込むストリームデータ
        """

        # ストリームデータの書き込み時刻
        now = time.time()

        # 接続している全てのクライアントの Queue にストリームデータを書き込む
        for client in self._clients:

            # タイムアウト秒数は mpegts クライアントなら 10 秒、LL-HLS クライアントは 20 秒
            timeout = 10 if client.client_type == 'mpegts' else 20

            # 最終読み取り時刻を指定秒数過ぎたクライアントはタイムアウトと判断し、クライアントを削除する
            ## 主にネットワークが切断されたなどの理由で発生する
            if now - client.stream_data_read_at > timeout:
                self._clients.remove(client)
                Logging.info(f'[Live: {self.livestream_id}] Client Disconnected (Timeout). Client ID: {client.client_id}')
                if hasattr(client, 'queue'):
                    del client.queue
                del client
                continue

            # ストリームデータを書き込む (クライアント種別が mpegts の場合のみ)
            if client.client_type == 'mpegts':
                await client.queue.put(stream_data)

        # ストリームデータが空でなければ、最終書き込み時刻を更新
        if stream_data != b'':
            self._stream_data_written_at = now
