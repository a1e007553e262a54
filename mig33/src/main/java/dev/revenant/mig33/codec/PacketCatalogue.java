package dev.revenant.mig33.codec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Every packet type of spec §9 with its name, direction and fields (id, name, type), kept as the spec's
 * own table so that a dissector or a log line names a packet exactly as the reference does.
 */
public final class PacketCatalogue {
    private PacketCatalogue() {}

    /** Which way a packet type travels, as §9's "dir" column says. */
    public enum Direction {
        CLIENT_TO_SERVER("C->S"), SERVER_TO_CLIENT("S->C"), BOTH("both"), UNKNOWN("?");

        private final String label;

        Direction(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        static Direction of(String label) {
            for (Direction d : values()) {
                if (d.label.equals(label)) {
                    return d;
                }
            }
            throw new IllegalArgumentException("direction " + label);
        }
    }

    /** One field of a packet type: its id, §9 name and §9 type (e.g. {@code int32/int8!}). */
    public record FieldSpec(int id, String name, String type) {}

    /** One row of §9: the type code, its name, its direction and its fields by id. */
    public record Entry(int type, String name, Direction direction, Map<Integer, FieldSpec> fields) {
        /** The field with that id, or null when §9 lists none. */
        public FieldSpec field(int id) {
            return fields.get(id);
        }
    }

    /*
     * Spec §9, one row per packet type: code | name | dir | fields. The fields column is the spec's text
     * unchanged ("id=Name:type" joined by "; "); only the direction is written in ASCII. A row whose
     * direction the spec leaves open ("?", "-") reads "?".
     */
    private static final String TABLE = """
            0 | ERROR | S->C | 1=ErrorNumber:int16; 2=ErrorDescription:string
            1 | OK | S->C | 1=ServerResponse:string; 2=ServerResponseLong:int64
            2 | PING | C->S |
            3 | PONG | S->C |
            5 | ALERT | S->C | 1=AlertType:int16; 2=Content:string; 3=ContentType:int8; 4=Title:string; 5=Timeout:int16
            6 | HELP_TEXT | S->C | 1=Text:string
            7 | GET_HELP_TEXT | C->S | 1=Id:int32
            8 | SERVER_QUESTION | S->C | 1=QuestionType:int8; 2=Question:string; 3=Url:string; 4=Title:string; 5=Timeout:int16
            9 | SERVER_QUESTION_REPLY | C->S | 1=Answer:bool; 2=QuestionId:int16
            10 | REPORT | C->S | 1=ReportType:int16; 2=Description:string
            11 | MIDLET_PROPERTY | C->S | 1=PropertyType:int8; 2=Key:string; 3=Value:string
            12 | GET_MIDLET_PROPERTY | S->C | 1=PropertyType:int8; 2=Key:string
            13 | HTTP_POLL | C->S |
            14 | NOTIFICATION | S->C | 1=Text:string; 2=URL:string; 3=NotificationType:int32; 4=PendingNotificationsTotal:int32
            15 | RESERVED | ? |
            16 | CAPTCHA | S->C | 1=DisplayText:string; 2=CaptchaImage:bytes/string
            17 | CAPTCHA_RESPONSE | C->S | 1=CaptchaResponse:string
            18 | GET_SERVER_QUESTION | C->S |
            100 | NEW_REGISTRATION | C->S | 1=ServiceType:int8; 2=Username:string; 3=Password:string; 4=MobilePhone:string; 5=DisplayName:string; 6=FirstName:string; 7=LastName:string; 8=DateOfBirth:string; 9=EmailAddress:string; 10=StartupCardNumber:int32; 11=StartupCardPIN:int32; 12=GroupID:int32; 13=UserAgent:string; 14=MobileDevice:string; 15=IMEI:string
            101 | REGISTRATION | C->S | 1=ScreenWidth:int32; 2=ScreenHeight:int32; 3=ClientType:int8
            102 | REGISTRATION_CHALLENGE | S->C | 1=IDDCode:string; 2=CaptchaId:string; 3=CaptchaImage:bytes
            103 | REGISTRATION_RESPONSE | C->S | 1=Username:string; 2=Password:string; 3=MobilePhone:string; 4=CaptchaID:string; 5=CaptchaResponse:string; 6=GroupID:int32; 8=DateOfBirth:string; 9=UserAgent:string; 10=MobileDevice:string; 11=IMEI:string
            104 | REGISTRATION_ERROR | S->C | 1=ErrorDescription:string; 2=CaptchaId:string; 3=CaptchaImage:bytes
            200 | LOGIN | C->S | 1=ProtocolVersion:int16; 2=ClientType:int8; 3=ClientVersion:int16; 4=ServiceType:int8; 5=Username:string; 6=EmailAddress:string; 7=UserAgent:string; 8=DeviceName:string; 9=InitialPresence:int8; 10=IsVoiceCapable:bool; 11=FontHeight:int32; 12=ScreenWidth:int32; 13=ScreenHeight:int32; 14=WallpaperId:int32; 15=Language:string; 16=ThemeId:int32; 17=CellId:string; 18=SessionId:string; 19=StreamUserEvents:bool; 20=LocalAreaCode:string; 21=MobileNetworkCode:string; 22=MobileCountryCode:string; 23=ApplicationMenuVersion:int32; 24=VASTrackingId:string; 25=VGSize:int32; 26=StickerSize:int32
            201 | LOGIN_CHALLENGE | S->C | 1=Challenge:string; 2=SessionId:string
            202 | LOGIN_RESPONSE | C->S | 1=PasswordHash:int32
            203 | LOGIN_OK | S->C | 1=MobilePhone:string; 2=MobileVerified:bool; 3=Alert:string; 4=AlertContentType:int8; 5=AsteriskServers:string; 6=MSNDetail:int8; 7=AIMDetail:int8; 8=YahooDetail:int8; 9=AsteriskId:int32; 10=AsteriskServer:string; 11=Currency:string; 12=ExchangeRate:string; 13=MailURL:string; 14=MailCount:int32; 15=VOIPCodec:int8; 16=EmoticonHeight:int32; 17=GTalkDetail:int8; 18=LocalDidSupport:bool; 20=ContactListVersion:int32; 23=ImageServerURL:string; 24=UserEventsToKeep:int32; 25=AnonymousCalling:bool; 26=PageletUrl:string; 27=UserType:int8; 28=BadgeHotkey:string; 29=SendConnectionReport:bool; 30=FacebookDetail:int8; 31=ReputationLevel:int16; 32=ReputationImagePath:string; 33=TcpTunneling:bool; 34=FusionPresence:int32/int8!; 38=UserId:int32; 39=Username:string; 40=SupportsChatSync:bool; 41=VirtualGiftSize:int32; 42=SupportsStickers:bool; 43=ServerTime:int64
            204 | ACTIVATE_ACCOUNT | C->S | 1=VerificationCode:string
            205 | RESEND_VERIFICATION_CODE | C->S | 1=MobilePhone:string
            206 | IM_LOGIN | C->S | 1=ImType:int8; 2=InitialPresence:int8; 3=ShowOfflineContacts:bool
            207 | IM_SESSION_STATUS | S->C | 1=ImType:int8; 2=Status:int8; 3=Reason:string; 4=SupportsConference:bool
            208 | IM_AVAILABLE | S->C | 1=ImType:int8; 2=Name:string; 3=MessageType:int8; 4=ImDetail:int8; 5=SupportsGroupChat:bool
            209 | SLIM_LOGIN | C->S | 1=PasswordHash:int32; 2=ClientType:int8; 3=ClientVersion:int16; 4=ServiceType:int8; 5=Username:string; 6=Password:string; 7=InitialPresence:int8; 8=UserAgent:string; 9=DeviceName:string; 10=ProtocolVersion:int16
            210 | SLIM_LOGIN_OK | S->C | 1=SessionId:string
            211 | CREATE_SESSION | C->S | 1=ProtocolVersion:int16; 2=ClientType:int8; 3=SessionID:string; 4=StreamUserEvents:bool; 5=ClientVersion:int16; 6=UserAgent:string; 7=DeviceName:string; 8=InitialPresence:int8; 9=IsVoiceCapable:bool; 10=FontHeight:int32; 11=ScreenWidth:int32; 12=ScreenHeight:int32; 13=WallpaperId:int32; 14=ThemeId:int32; 15=Language:string; 16=ApplicationMenuVersion:int32; 17=VASTrackingId:string; 18=VGSize:int32; 19=StickerSize:int32
            212 | SLIM_LOGIN_CHALLENGE | S->C | 1=SessionId:string; 2=Challenge:string
            300 | LOGOUT | C->S |
            301 | SESSION_TERMINATED | S->C | 1=Reason:string
            302 | IM_LOGOUT | C->S | 1=ImType:int8
            400 | GET_CONTACTS | C->S | 1=Presence:int32/int8!; 2=ContactId:int32
            401 | GROUP | S->C | 1=GroupId:int32; 2=GroupName:string
            402 | CONTACT | S->C | 1=ContactId:int32; 2=GroupId:int32; 3=DisplayName:string; 4=FirstName:string; 5=LastName:string; 6=EmailAddress:string; 7=DefaultPhone:int8; 8=MobilePhone:string; 9=HomePhone:string; 10=OfficePhone:string; 11=DefaultIM:int8; 12=FusionUsername:string; 13=FusionPresence:int8; 14=MSNUsername:string; 15=MSNPresence:int8; 16=AIMUsername:string; 17=AIMPresence:int8; 18=YahooUsername:string; 19=YahooPresence:int8; 20=IcqUsername:string; 21=ICQPresence:int8; 22=GtalkUsername:string; 23=GTalkPresence:int8; 24=ShareMobilePhone:bool; 25=IsVoiceCapable:bool; 27=StatusMessage:string; 28=DisplayPicture:string; 29=FacebookUsername:string; 30=FacebookPresence:int8; 31=IMTypes:bytes; 32=IMPresences:bytes; 33=IMUsernames:string[](NUL-sep)
            403 | GET_CONTACTS_COMPLETE | S->C |
            404 | PRESENCE | S->C | 1=ContactId:int32; 2=Presence:int8; 3=MSNPresence:int8; 4=AIMPresence:int8; 5=YahooPresence:int8; 6=ICQPresence:int8; 7=GTalkPresence:int8; 8=FacebookPresence:int8; 9=IMTypes:bytes; 10=IMPresences:bytes
            405 | ADD_CONTACT | C->S | 2=GroupID:int32; 3=DisplayName:string; 4=FirstName:string; 5=LastName:string; 6=EmailAddress:string; 7=DefaultPhone:int8; 8=MobilePhone:string; 9=HomePhone:string; 10=OfficePhone:string; 11=DefaultIM:int8; 12=FusionUsername:string; 14=MSNUsername:string; 16=AIMUsername:string; 18=YahooUsername:string; 20=ICQUsername:string; 22=GTalkUsername:string; 24=ShareMobilePhone:int8; 29=FacebookUsername:string; 30=IMUsername:string; 31=IMType:int8
            406 | REMOVE_CONTACT | C->S | 1=ContactID:int32
            407 | UPDATE_CONTACT | C->S | 1=ContactID:int32; 2=GroupID:int32; 3=DisplayName:string; 4=FirstName:string; 5=LastName:string; 6=EmailAddress:string; 7=DefaultPhone:int8; 8=MobilePhone:string; 9=HomePhone:string; 10=OfficePhone:string; 11=DefaultIM:int8; 12=FusionUserame:string; 14=MSNUserame:string; 16=AIMUserame:string; 18=YahooUserame:string; 20=ICQUserame:string; 22=GTalkUserame:string; 29=FacebookUsername:string; 30=IMUsernames:string[](NUL-sep); 31=IMTypes:bytes
            408 | ADD_GROUP | C->S | 2=GroupName:string
            409 | REMOVE_GROUP | C->S | 1=GroupID:int32
            410 | UPDATE_GROUP | C->S | 1=GroupID:int32; 2=GroupName:string
            411 | MOVE_CONTACT | C->S | 1=ContactID:int32; 2=GroupID:int32
            412 | CONTACT_REQUEST | S->C | 1=Username:string; 2=ProfileURL:string
            413 | ACCEPT_CONTACT_REQUEST | C->S | 1=ContactUserName:string; 2=AddContact:bool; 3=GroupID:int32; 4=ShareMobilePhone:bool
            414 | REJECT_CONTACT_REQUEST | C->S | 1=ContactUserName:string; 2=BlcokUser:int8
            415 | GET_PERMISSION_LIST | C->S | 1=ListType:int8
            416 | PERMISSION_LIST | S->C | 1=AllowList:string; 2=BlockList:string
            417 | SET_PERMISSION | C->S | 1=Username:string; 2=Permission:int8
            418 | VOICE_CAPABILITY | S->C | 1=ContactId:int32; 2=IsVoiceCapable:bool
            419 | HAVE_LATEST_CONTACT_LIST | C->S | 1=Timestamp:int64
            420 | CONTACT_LIST_VERSION | S->C | 1=Version:int32; 2=Timestamp:int64
            421 | STATUS_MESSAGE | S->C | 1=ContactID:int32; 2=StatusMessage:string; 3=Timestamp:int64
            422 | USER_EVENT | S->C | 1=SecondsAgo:int32; 2=EventType:int8; 3=GeneratingUserProfileImageGUID:string; 4=Text:string; 5=Timestamp:int64
            423 | DISPLAY_PICTURE | S->C | 1=ContactID:int32; 2=DisplayPicture:string; 3=Timestamp:int64
            424 | GET_USER_INIT_DETAILS | ? |
            425 | GET_CONTACT_REQUESTS | C->S |
            500 | MESSAGE | both | 1=MessageType:int8; 2=Source:string; 3=DestinationType:int8; 4=Destination:string; 5=ContactId:int32; 6=ContentType:int16; 7=FileName:string; 8=ContentAsString:string; 9=FromAdministrator:int8; 10=DisplayPicture:string; 11=HotKeys:string; 12=SourceColor:int32; 13=MessageColor:int32; 14=BadgeHotKey:string; 15=GUID:string; 16=Timestamp:int64; 17=GroupChatName:string; 18=GroupChatOwner:string; 19=PreviousMessageGUID:string; 20=EmoteContentType:int8; 21=MimeType:string; 22=MimeTypeData:string; 23=Status:int8
            501 | WAP_PUSH | C->S | 1=Username:string
            502 | FILE_RECEIVED | S->C | 1=SourceType:int8; 2=Source:string; 3=ContactId:int32; 4=InfoMessage:string; 5=URL:string
            503 | MAIL_INFO | S->C | 1=MailCount:int32
            504 | UPLOAD_FILE | C->S | 1=FileType:int16; 2=Content:bytes; 3=Description:string; 4=Destination:int16/string!; 5=UseAsDisplayPicture:bool
            505 | MESSAGE_STATUS_EVENT | C->S | 1=MessageType:int8; 2=MessageSource:string; 3=MessageDestinationType:int8; 4=MessageDestination:string; 5=MessageGUID:string; 6=MessageEventType:int8; 7=ServerGenerated:int8; 8=MessageTimestamp:int64
            506 | MESSAGE_STATUS_EVENTS | S->C | 1=MessageType:int8; 2=MessageSources:string[](NUL-sep); 3=MessageDestinationType:int8; 4=MessageDestinations:string[](NUL-sep); 5=MessageGUIDs:string[](NUL-sep); 6=MessageEventTypes:bytes; 7=ServerGeneratedFlags:bytes; 8=MessageTimestamps:int64[]
            507 | LEAVE_PRIVATE_CHAT | C->S | 1=ChatId:string; 2=ImType:int8
            550 | GET_MESSAGES | C->S | 1=ChatIdentifier:string; 2=ChatType:int8; 3=LatestMessageTimestamp:int64; 4=OldestMessageTimestamp:int64; 5=Limit:int32
            551 | GET_CHATS | C->S | 1=Version:int32; 2=Limit:int32; 3=ChatType:int8
            552 | HAVE_LATEST_CHAT_LIST | S->C | 1=Version:int32; 2=Timestamp:int64
            560 | CHAT | S->C | 1=ChatIdentifier:string; 2=ChatDisplayName:string; 3=ChatType:int8; 4=UnreadMessageCount:int32; 5=ContactId:int32; 6=GroupOwner:string; 7=IsClosedChat:int8; 8=DisplayGUID:string; 9=MessageType:int8; 10=Timestamp:int64; 11=ChatListVersion:int32; 12=ChatListTimestamp:int64; 13=IsRenamedChat:int8; 14=IsPassivatedChat:int8
            561 | CHAT_LIST_VERSION | S->C | 1=Version:int32; 2=TimeStamp:int64
            562 | END_MESSAGES | S->C | 1=ChatIdentifier:string; 2=FirstMessageGUID:string; 3=FinalMessageGUID:string; 4=MessagesSent:int32
            563 | LATEST_MESSAGES_DIGEST | S->C | 1=ChatIDs:string[](NUL-sep); 2=GUIDs:string[](NUL-sep); 3=Timestamps:string[](NUL-sep); 4=ChatTypes:bytes; 5=MessageContents:string[](NUL-sep)
            564 | SET_CHAT_NAME | C->S | 1=ChatId:string; 2=ChatType:int8; 3=ChatName:string
            565 | GET_MESSAGE_STATUS_EVENTS | C->S | 1=ChatIdentifier:string; 2=ChatType:int8; 3=LatestMessageTimestamp:int64; 4=OldestMessageTimestamp:int64; 5=Limit:int32; 6=MessageGUIDs:string[](NUL-sep); 7=MessageTimestamps:int64[]
            600 | SET_PRESENCE | C->S | 1=Presence:int8
            601 | SET_STATUS_MESSAGE | C->S | 1=StatusMessage:string
            602 | SET_DISPLAY_PICTURE | C->S | 1=DisplayPicture:string
            603 | AVATAR | S->C | 1=StatusMessage:string; 2=DisplayPicture:string; 3=BadgeHotkey:string; 4=Avatar:string; 5=FullbodyAvatar:string
            604 | DEVICE_MODE | C->S | 1=DeviceMode:int32
            700 | GET_CHATROOMS | C->S | 1=SearchString:string; 2=Page:int8; 3=ChatRoomNames:string/string, items separated by ';'
            701 | CHATROOM | S->C | 1=ChatroomName:string; 2=Description:string; 3=MaximumSize:int32; 4=Size:int32; 5=AdultOnly:bool; 6=Category:int16; 7=UserOwned:bool; 8=GroupId:int32; 9=ChatRoomId:int32; 10=Creator:string; 11=ThemeId:int32; 12=NewOwner:string; 13=IconUrl:string
            702 | GET_CHATROOMS_COMPLETE | S->C | 1=Pages:int8; 2=InfoText:string
            703 | JOIN_CHATROOM | C->S | 1=ChatroomName:string
            704 | LEAVE_CHATROOM | C->S | 1=ChatroomName:string
            705 | CREATE_CHATROOM | C->S | 1=ChatroomName:string; 2=Description:string; 3=Keywords:string; 4=Language:string; 5=AllowKicking:bool
            706 | KICK_CHATROOM_PARTICIPANT | C->S | 1=ChatroomName:string; 2=Username:string
            707 | GET_CHATROOM_PARTICIPANTS | C->S | 1=ChatroomName:string
            708 | CHATROOM_PARTICIPANTS | S->C | 1=ChatroomName:string; 2=Participants:string/string, items separated by ';' (trailing sep); 3=Administrators:string/string, items separated by ';' (trailing sep); 4=MutedList:string/string, items separated by ';' (trailing sep)
            709 | MUTE_CHATROOM_PARTICIPANT | C->S | 1=ChatroomName:string; 2=Username:string
            710 | UNMUTE_CHATROOM_PARTICIPANT | C->S | 1=ChatroomName:string; 2=Username:string
            711 | ADD_FAVORITE_CHATROOM | C->S | 1=ChatroomName:string
            712 | REMOVE_FAVORITE_CHATROOM | C->S | 1=Category:int16; 2=ChatroomName:string
            713 | GET_CHATROOM_CATEGORIES | C->S |
            714 | CHATROOM_CATEGORY | S->C | 1=CategoryId:int16; 2=CategoryName:string; 3=RefreshMethod:int8; 4=collapse:bool; 5=ItemsCanBeDeleted:bool
            715 | GET_CHATROOM_CATEGORIES_COMPLETE | S->C |
            716 | GET_CATEGORIZED_CHATROOMS | C->S | 1=Category:int16; 2=Refresh:bool
            717 | GET_CATEGORIZED_CHATROOMS_COMPLETE | S->C | 1=CategoryFooter:string
            718 | CHATROOM_NOTIFICATION | S->C | 1=Text:string; 2=Url:string
            719 | CHATROOM_THEME | S->C | 1=ThemeId:int32; 2=BackgroundColor:int32; 3=BackgroundImgURL:string; 4=BackgroundImgAlignment:int32; 5=SenderUsernameColor:int32; 6=SenderMsgColor:int32; 7=RecpUsernameColor:int32; 8=RecpMsgColor:int32; 9=AdminUsernameColor:int32; 10=AdminMsgColor:int32; 11=EmoteMsgColor:int32; 12=ErrorMsgColor:int32; 13=ServerUsernameColor:int32; 14=ServerMsgColor:int32; 15=ClientMsgColor:int32
            720 | CHATROOM_USER_STATUS | S->C | 1=UserStatus:int8; 2=ChatroomName:string; 3=Username:string; 4=UserType:int8
            750 | GROUP_CHAT | S->C | 1=GroupChatId:string; 2=Creator:string; 3=IMType:int8
            751 | CREATE_GROUP_CHAT | C->S | 1=Username:string; 2=InvitedUser:string; 3=ImType:int8; 4=OtherPartyList:string/string[](NUL-sep)
            752 | GROUP_CHAT_INVITE | C->S | 1=GroupChatId:string; 2=Username:string; 3=IMType:int8; 4=Usernames:string/string[](NUL-sep)
            753 | LEAVE_GROUP_CHAT | C->S | 1=GroupChatId:string; 2=ImType:int8
            754 | GET_GROUP_CHAT_PARTICIPANTS | C->S | 1=GroupChatId:string; 2=ImType:int8
            755 | GROUP_CHAT_PARTICIPANTS | S->C | 1=GroupChatId:string; 2=Participants:string/string, items separated by ';' (trailing sep); 4=MutedList:string/string, items separated by ';' (trailing sep); 5=ImType:int8
            756 | GROUP_CHAT_USER_STATUS | S->C | 1=UserStatusType:int8; 2=ChatRoomName:string; 3=FusionUserName:string; 4=UserType:int8
            800 | PHONE_CALL | C->S | 1=Source:string; 2=Destination:string; 3=ContactId:int32; 4=Evaluate:int8; 5=Method:int8
            801 | WEBCALL | C->S | 1=DestinationType:int8; 2=Destination:string; 3=Gateway:int32; 4=GatewayName:string; 5=Evaluate:int8; 6=Protocol:int8
            802 | WEBCALL_NOTIFICATION | S->C | 1=Source:string; 2=Destination:string; 3=Gateway:int32; 4=GatewayName:string; 5=SourceProtocol:int8
            803 | WEBCALL_RESPONSE | C->S | 1=Source:string; 2=Gateway:int32; 3=GatewayName:string; 4=SourceProtocol:int8; 5=DestinationProtocol:int8
            804 | DIAL | S->C | 1=PhoneNumber:string; 2=ConfirmationMessage:string
            805 | COMPARE_CALL_RATE | C->S | 1=Source:string; 2=Destination:string
            806 | ANONYMOUS_CALL_NOTIFICATION | S->C | 1=Description:string; 2=RequestingUsername:string
            807 | ANONYMOUS_CALL_RESPONSE | C->S | 1=RequestingUsername:string; 2=Response:int8; 3=BlockRequestingUser:int8; 4=DisableAnonymousCalling:int8
            900 | INVITE_FRIEND | C->S | 1=MobilePhone:string; 2=DisplayName:string; 3=GroupID:int32
            901 | GET_ACCOUNT_BALANCE | C->S |
            902 | ACCOUNT_BALANCE | S->C | 1=AccountBalance:string
            903 | RECHARGE | C->S | 1=Username:string; 2=RechargeMethod:int8; 3=CardType:int8; 4=CardNumber:string; 5=CardPIN:int32; 6=CardExpiryDate:string; 7=CardHolder:string; 8=ReceiptNumber:string; 9=RechargeCode:string; 10=Amount:int32
            904 | FORGOT_PASSWORD | C->S | 1=Username:string; 2=MobilePhone:string
            905 | GET_USER_PROFILE | C->S |
            906 | USER_PROFILE | S->C | 1=DisplayName:string; 2=FirstName:string; 3=LastName:string; 4=City:string; 5=State:string; 6=CountryId:int32; 7=UTCOffset:int8; 8=DateOfBirth:int64; 9=Gender:int8; 10=EmailAddress:string; 11=OnMailingList:int8; 12=MobilePhone:string; 13=AwayMessage:string; 14=AutoRecharge:int8; 15=MSNUsername:string; 16=MSNPassword:string; 17=MSNAutoLogin:int8; 18=YahooUsername:string; 19=YahooPassword:string; 20=YahooAutoLogin:int8; 21=AIMUsername:string; 22=AIMPassword:string; 23=AIMAutoLogin:int8; 24=GTalkUsername:string; 25=GTalkPassword:string; 26=GTalkAutoLogin:int8; 27=FacebookUsername:string; 28=FacebookPassword:string; 29=FacebookAutoLogin:int8
            907 | UPDATE_USER_PROFILE | C->S | 1=DisplayName:string; 2=FirstName:string; 3=LastName:string; 4=City:string; 5=State:string; 6=CountryId:int32; 7=UTCOffset:int8; 8=DateOfBirth:int64; 9=Gender:int8; 10=EmailAddress:string; 11=OnMailingList:int8; 12=MobilePhone:string; 13=AwayMessage:string; 14=AutoRecharge:int8; 15=MSNUsername:string; 16=MSNPassword:string; 17=MSNAutoLogin:int8; 18=YahooUsername:string; 19=YahooPassword:string; 20=YahooAutoLogin:int8; 21=AIMUsername:string; 22=AIMPassword:string; 23=AIMAutoLogin:int8; 24=GTalkUsername:string; 25=GTalkPassword:string; 26=GTalkAutoLogin:int8; 27=FacebookUsername:string; 28=FacebookPassword:string; 29=FacebookAutoLogin:int8; 30=IMTypeToRemove:int8
            908 | CHANGE_PASSWORD | C->S | 1=OldPassword:string; 2=NewPassword:string
            909 | TRANSFER_CREDIT | C->S | 1=Username:string; 2=Amount:int32; 3=Commit:int8
            910 | GET_URL | C->S | 1=URLType:int8; 2=ProfileName:string
            911 | DYNAMIC_MENU | S->C | 1=MenuType:int32; 2=Position:int32; 3=Title:string; 4=URL:string; 5=IconId:int32
            912 | WALLPAPER | S->C | 1=ID:int32; 2=Content:bytes
            913 | GET_EMOTICON | C->S | 1=HotKeys:string; 2=IsFullUrlData:int8
            914 | EMOTICON | S->C | 1=HotKey:string; 2=AlternateHotKeys:string; 3=Alias:string; 4=Content:bytes; 5=ContentType:int8; 6=PackID:int32; 7=URL:string; 8=FullURLData:string
            915 | CLEAR_EMOTICON_CACHE | S->C |
            916 | EMOTICON_HOTKEYS | S->C | 1=HotKeys:string/string, items separated by ' '; 2=AlternateKeys:string/string, items separated by ' '
            918 | MIDLET_TAB | S->C | 1=URL:string; 2=Focus:int8
            920 | MIDLET_ACTION | S->C | 1=Action:int32
            921 | CHANGE_USER_EVENT_SETTING | C->S | 1=AllEvents:int8
            922 | OPEN_URL | C->S | 1=Method:int8; 2=URL:string; 3=Parameter:string; 11=Cookies:string[](NUL-sep)
            923 | OPEN_URL_RESPONSE | S->C | 1=ResponseCode:int32; 2=Content:bytes; 3=TimeToLive:int64; 11=Cookies:string[](NUL-sep)
            924 | TEXT_COLOR | S->C | 1=ChatSenderColours:string/string, items separated by ';'; 2=ChatMessageColours:string/string, items separated by ';'
            925 | LANGUAGE | C->S | 1=Language:string
            926 | GET_IM_ICONS | C->S | 1=IMTypes:bytes
            927 | IM_ICONS | S->C | 1=ImType:int8; 2=Online:bytes; 3=Roaming:bytes; 4=Busy:bytes; 5=Away:bytes; 6=Offline:bytes
            928 | GET_EMOTICONS_COMPLETE | S->C |
            929 | GET_DYNAMIC_MENU_ICON | C->S | 1=IconId:int32
            930 | DYNAMIC_MENU_ICON | S->C | 1=IconId:int32; 2=Icon:bytes
            931 | GET_PRELOGIN_MARKETING_MSG | C->S | 1=ClientType:int8; 2=ClientVersion:int16
            932 | PRELOGIN_MARKETING_MSG | S->C | 1=MarketingMsg:string; 2=URL:string
            933 | APPLICATION_MENU | S->C | 1=MenuVersionId:int32; 2=Position:int32; 3=TextId:int32; 4=ActionURL:string; 5=IconURL:string
            934 | APPLICATION_MENU_COMPLETE | S->C | 1=MenuVersionId:int32
            935 | GET_GIFT | C->S | 1=Limit:int32
            936 | GIFT_HOTKEYS | S->C | 1=HotKeys:string[](NUL-sep); 2=NameList:string[](NUL-sep); 3=GiftPrice:string[](NUL-sep)
            937 | GET_EMOTICON_HOTKEYS | C->S | 1=SessionId:string
            938 | GET_STICKER_PACK_LIST | C->S |
            939 | STICKER_PACK_LIST | S->C | 1=StickerPackIDs:string/string, items separated by ' '; 2=VersionList:string/string, items separated by ' '
            940 | GET_STICKER_PACK | C->S | 1=PackIDs:string/string, items separated by ' '
            941 | STICKER_PACK | S->C | 1=StickerPackId:int32; 2=Name:string; 3=HotkeyList:string/string, items separated by ' '; 4=IconUrl:string; 5=Version:string
            942 | END_STICKER_PACK | S->C |
            959 | GET_UPLOAD_DATA_TICKET | C->S | 1=DataTypeToUpload:int32
            960 | UPLOAD_ADDRESS_BOOK_CONTACTS | C->S | 1=DataType:int8; 2=DataList:string[](NUL-sep); 3=TicketId:string
            """;

    /** A field list splits before each "id=": a type such as "items separated by ';'" holds the separator. */
    private static final Pattern FIELD_SEPARATOR = Pattern.compile(";\\s*(?=\\d+=)");

    private static final Map<Integer, Entry> BY_TYPE = parse(TABLE);

    /** The §9 row for a packet type, or null when the spec does not list it. */
    public static Entry entry(int type) {
        return BY_TYPE.get(type);
    }

    /** Every row, in the spec's order. */
    public static List<Entry> entries() {
        return List.copyOf(BY_TYPE.values());
    }

    private static Map<Integer, Entry> parse(String table) {
        Map<Integer, Entry> entries = new LinkedHashMap<>();
        for (String line : table.strip().split("\n")) {
            String[] cols = line.split("\\s*\\|\\s*", 4);
            int type = Integer.parseInt(cols[0].strip());
            Map<Integer, FieldSpec> fields = new LinkedHashMap<>();
            String list = cols.length > 3 ? cols[3].strip() : "";
            if (!list.isEmpty()) {
                for (String f : FIELD_SEPARATOR.split(list)) {
                    int eq = f.indexOf('=');
                    int colon = f.indexOf(':', eq);
                    int id = Integer.parseInt(f.substring(0, eq).strip());
                    fields.put(id, new FieldSpec(id, f.substring(eq + 1, colon), f.substring(colon + 1).strip()));
                }
            }
            entries.put(type, new Entry(type, cols[1].strip(), Direction.of(cols[2].strip()),
                    Collections.unmodifiableMap(fields)));
        }
        return Collections.unmodifiableMap(entries);
    }
}
