"""Small web pages the kiosk itself serves on the akimat's LAN (desks, ticket status), no Qt."""
